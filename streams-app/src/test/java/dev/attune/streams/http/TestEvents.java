package dev.attune.streams.http;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.schema.ItemVector;
import dev.attune.schema.Vector;
import dev.attune.serde.SerdeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A small catalogue in {@link #CLUSTERS} tight clusters of 8-dimensional unit vectors, and clicks on it,
 * written to a real broker in the app's wire format.
 */
final class TestEvents implements AutoCloseable {

    static final String MODEL = "test-model";
    static final int DIMENSION = 8;
    static final int CLUSTERS = 4;
    static final int ITEMS_PER_CLUSTER = 8;

    private final KafkaProducer<String, byte[]> producer;
    private final SerdeFactory serdes;
    private final Random random = new Random(7);

    TestEvents(String bootstrap, String registryUrl) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // One request in flight: on a just-created topic the broker can answer NOT_LEADER to the first batch while it
        // appends the next ones, and the idempotent producer then retries the first with an out-of-order sequence until
        // delivery.timeout.ms (2 minutes; a test stalled or failed on it under load).
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        serdes = SerdeFactory.forUrl(registryUrl);
    }

    static void createTopics(String bootstrap, Map<String, Integer> partitionsByTopic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            partitionsByTopic.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
            admin.createTopics(topics).all().get();
        }
    }

    static String itemId(int cluster, int k) {
        return "item-" + cluster + "-" + k;
    }

    void sendCatalogue(String topic) {
        for (int c = 0; c < CLUSTERS; c++) {
            for (int k = 0; k < ITEMS_PER_CLUSTER; k++) {
                String id = itemId(c, k);
                ItemVector item = ItemVector.newBuilder()
                        .setItemId(id)
                        .setVector(new Vector(MODEL, DIMENSION, near(c)))
                        .setTitle("Cluster " + c + " item " + k)
                        .setTags(List.of("cluster-" + c))
                        .setSourceUpdatedAt(Instant.now())
                        .setEmbeddedAt(Instant.now())
                        .build();
                producer.send(new ProducerRecord<>(topic, id, serdes.value(ItemVector.class).serializer().serialize(topic, item)));
            }
        }
        producer.flush();
    }

    void click(String topic, String userId, String itemId, EventKind kind, Instant at) {
        ClickEvent click = ClickEvent.newBuilder().setUserId(userId).setItemId(itemId).setKind(kind).setEventTime(at).build();
        producer.send(new ProducerRecord<>(topic, userId, serdes.value(ClickEvent.class).serializer().serialize(topic, click)));
        producer.flush();
    }

    void like(String topic, String userId, String itemId, Instant at) {
        click(topic, userId, itemId, EventKind.LIKE, at);
    }

    void raw(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
        producer.flush();
    }

    /** A unit vector close to axis {@code cluster} (cosine > 0.95), so clusters are far apart. */
    private List<Float> near(int cluster) {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) (random.nextGaussian() * 0.05);
        }
        v[cluster] += 1f;
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        List<Float> values = new ArrayList<>(DIMENSION);
        for (float x : v) {
            values.add((float) (x / Math.sqrt(norm)));
        }
        return values;
    }

    @Override
    public void close() {
        producer.close();
    }
}
