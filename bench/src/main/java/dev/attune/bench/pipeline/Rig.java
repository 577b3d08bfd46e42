package dev.attune.bench.pipeline;

import dev.attune.bench.load.BenchConfig;
import dev.attune.bench.load.EventEncoder;
import dev.attune.bench.load.Popularity;
import dev.attune.bench.load.Workload;
import dev.attune.serde.SerdeFactory;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.testkit.SchemaRegistryProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What every broker harness needs: a broker in its own process, the app's topics (with a run
 * prefix, so several apps can share one broker), the catalogue written to item-vectors, producers,
 * the app's configuration, and consumer-group progress. One schema-registry scope per rig
 * ({@code mock://}) where producers and app live in this JVM and share it; a real registry in its
 * own process ({@link #withRegistryProcess}) where the app runs in another JVM ({@link AppProcess}).
 */
public final class Rig implements AutoCloseable {

    private final BenchConfig bench;
    private final BrokerProcess broker;
    private final Admin admin;
    private final SchemaRegistryProcess registry;
    private final String registryUrl;
    private final Map<String, String> topics = new HashMap<>();
    private final List<Path> stateDirs = new ArrayList<>();

    public Rig(BenchConfig bench) throws IOException {
        this(bench, null);
    }

    /** A rig whose schema registry is the {@code schema-registry} module's, started from {@code bench.registry.jar}. */
    public static Rig withRegistryProcess(BenchConfig bench) throws IOException {
        SchemaRegistryProcess registry = SchemaRegistryProcess.startEphemeral(Path.of(bench.getString(BenchConfig.REGISTRY_JAR)));
        try {
            return new Rig(bench, registry);
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    private Rig(BenchConfig bench, SchemaRegistryProcess registry) throws IOException {
        this.bench = bench;
        this.registry = registry;
        this.broker = BrokerProcess.start(bench.getString(BenchConfig.BROKER_HEAP));
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        this.registryUrl = registry == null ? "mock://bench-" + ProcessHandle.current().pid() : registry.url();
        int partitions = bench.getInt(BenchConfig.PARTITIONS);
        topics.put(StreamsAppConfig.TOPIC_CLICKS, "clicks");
        topics.put(StreamsAppConfig.TOPIC_QUERY_VECTORS, "query-vectors");
        topics.put(StreamsAppConfig.TOPIC_ITEM_VECTORS, "item-vectors");
        topics.put(StreamsAppConfig.TOPIC_TERM_VECTORS, "term-vectors");
        List<NewTopic> created = new ArrayList<>();
        created.add(new NewTopic("clicks", partitions, (short) 1));
        created.add(new NewTopic("query-vectors", partitions, (short) 1));
        created.add(new NewTopic("item-vectors", 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")));
        created.add(new NewTopic("term-vectors", 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")));
        createTopics(created);
    }

    public BenchConfig bench() {
        return bench;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public long brokerPid() {
        return broker.pid();
    }

    public Admin admin() {
        return admin;
    }

    public SerdeFactory serdes() {
        return SerdeFactory.forUrl(registryUrl);
    }

    public String topic(String key) {
        return topics.get(key);
    }

    public void createTopics(List<NewTopic> newTopics) {
        try {
            admin.createTopics(newTopics).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + newTopics, e);
        }
    }

    /** A producer as an event producer would configure it: idempotent, acks=all, a short linger. */
    public Producer<String, byte[]> producer(int lingerMs) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, lingerMs, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Writes every item of the workload's catalogue to item-vectors. */
    public void writeCatalogue(Workload workload, EventEncoder encoder) {
        String topic = topic(StreamsAppConfig.TOPIC_ITEM_VECTORS);
        Popularity popularity = workload.popularity();
        long now = System.currentTimeMillis();
        try (Producer<String, byte[]> producer = producer(20)) {
            for (int i = 0; i < popularity.size(); i++) {
                producer.send(new ProducerRecord<>(topic, popularity.itemId(i), encoder.item(topic, popularity.itemId(i), i, now)));
            }
        }
    }

    /**
     * The app's configuration for application id {@code appId}: this rig's broker, registry and
     * topics (outputs prefixed by the app id), a fresh state directory, one instance (no standby),
     * then the command line's own settings.
     */
    public StreamsAppConfig appConfig(String appId, Map<String, String> extra) throws IOException {
        Path stateDir = Files.createTempDirectory("attune-bench-state-");
        stateDirs.add(stateDir);
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsAppConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        settings.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, registryUrl);
        settings.put(StreamsAppConfig.APPLICATION_ID, appId);
        settings.put(StreamsAppConfig.STATE_DIR, stateDir.toString());
        settings.put(StreamsAppConfig.NUM_STANDBY_REPLICAS, "0");
        settings.put(StreamsAppConfig.REPLICATION_FACTOR, "1");
        settings.put(StreamsAppConfig.VECTOR_DIMENSION, Integer.toString(bench.getInt(BenchConfig.DIMENSION)));
        settings.putAll(topics);
        settings.put(StreamsAppConfig.TOPIC_RECOMMENDATIONS, appId + "-recommendations");
        settings.put(StreamsAppConfig.TOPIC_EXPLANATION_REQUESTS, appId + "-explanation-requests");
        settings.put(StreamsAppConfig.TOPIC_DEAD_LETTER, appId + "-dead-letter");
        settings.putAll(bench.appOverrides());
        settings.putAll(extra);
        int partitions = bench.getInt(BenchConfig.PARTITIONS);
        createTopics(List.of(new NewTopic(appId + "-recommendations", partitions, (short) 1),
                new NewTopic(appId + "-explanation-requests", partitions, (short) 1),
                new NewTopic(appId + "-dead-letter", 1, (short) 1)));
        return new StreamsAppConfig(settings);
    }

    /** Sum of the end offsets of {@code topic}'s partitions (records written, for a topic without transactions). */
    public long endOffsets(String topic) {
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                specs.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            ListOffsetsResult result = admin.listOffsets(specs);
            return result.all().get().values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bytes in the broker's log directories per topic (all partitions), topics by name. */
    public Map<String, Long> topicBytes() {
        try {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(org.apache.kafka.common.Node::id)
                    .toList();
            Map<String, Long> bytes = new java.util.TreeMap<>();
            admin.describeLogDirs(brokers).allDescriptions().get().values().forEach(dirs -> dirs.values().forEach(dir ->
                    dir.replicaInfos().forEach((partition, replica) ->
                            bytes.merge(partition.topic(), replica.size(), Long::sum))));
            return bytes;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Offsets committed by consumer group {@code group} on {@code topic}, summed over partitions. */
    public long committed(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .collect(Collectors.summingLong(e -> e.getValue().offset()));
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.close();
        broker.close();
        if (registry != null) {
            registry.close();
        }
        stateDirs.forEach(EngineFixture::deleteQuietly);
    }
}
