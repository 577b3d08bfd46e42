package dev.attune.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.serde.SerdeFactory;
import dev.attune.serde.WireFormatException;
import dev.attune.testkit.SchemaRegistryProcess;
import dev.attune.testkit.TestKafka;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the Confluent wire format across languages against the real registry: an independent Node.js
 * client (kafkajs + @kafkajs/confluent-schema-registry) and our Java serdes exchange ClickEvents
 * through a real broker, both ways, each side resolving the other's schema id through the registry.
 */
class WireFormatInteropIT {

    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

    private static SchemaRegistryProcess registry;
    private static NodeWireClient node;
    private static String bootstrap;

    @BeforeAll
    static void startRegistryAndInstallNodeClient() throws Exception {
        bootstrap = TestKafka.bootstrapServers();
        registry = SchemaRegistryProcess.start(path("attune.registry.jar"), 0,
                path("attune.node.client.dir").resolveSibling("schema-registry-it.log"));
        node = NodeWireClient.install(path("attune.node.client.source"), path("attune.node.client.dir"));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldReadClickEventWithJavaDeserializerWhenNodeClientProducedIt() throws Exception {
        // Given
        String topic = createTopic("clicks-from-node");
        String event = """
                {"userId": "u-node-1", "itemId": "movie-318", "kind": "LIKE", "eventTime": 1700000000123,
                 "dwellMillis": 4200, "context": {"surface": "home", "device": "tv"}}""";

        // When
        int schemaId = node.produceClickEvent(bootstrap, registry.url(), topic, path("attune.schemas.dir"), event);

        // Then
        ConsumerRecord<String, byte[]> record = readRawRecords(topic, 1).get(0);
        assertThat(record.key()).isEqualTo("u-node-1");
        assertThat(record.value()[0]).as("magic byte").isZero();
        assertThat(ByteBuffer.wrap(record.value(), 1, 4).getInt()).as("schema id in the header").isEqualTo(schemaId);
        ClickEvent click = clickSerde().deserializer().deserialize(topic, record.value());
        assertThat(click.getUserId()).isEqualTo("u-node-1");
        assertThat(click.getItemId()).isEqualTo("movie-318");
        assertThat(click.getKind()).isEqualTo(EventKind.LIKE);
        assertThat(click.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(click.getDwellMillis()).isEqualTo(4200L);
        assertThat(click.getContext()).containsExactlyInAnyOrderEntriesOf(Map.of("surface", "home", "device", "tv"));
    }

    @Test
    void shouldLetNodeClientReadClickEventsWhenJavaSerializerWroteThem() throws Exception {
        // Given
        String topic = createTopic("clicks-from-java");
        ClickEvent withDwell = ClickEvent.newBuilder().setUserId("u-java-1").setItemId("movie-2571")
                .setKind(EventKind.PURCHASE).setEventTime(Instant.ofEpochMilli(1_650_000_000_456L))
                .setDwellMillis(31_000L).setContext(Map.of("surface", "search")).build();
        ClickEvent withoutDwell = ClickEvent.newBuilder().setUserId("u-java-2").setItemId("movie-1")
                .setKind(EventKind.DISLIKE).setEventTime(Instant.ofEpochMilli(1_650_000_000_789L))
                .setDwellMillis(null).setContext(Map.of()).build();

        // When
        try (KafkaProducer<String, ClickEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                SerdeFactory.forUrl(registry.url()).key().serializer(), clickSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic, withDwell.getUserId(), withDwell)).get();
            producer.send(new ProducerRecord<>(topic, withoutDwell.getUserId(), withoutDwell)).get();
        }
        JsonNode records = node.consume(bootstrap, registry.url(), topic, 2);

        // Then
        assertThat(records).hasSize(2);
        JsonNode first = records.get(0);
        assertThat(first.path("key").asText()).isEqualTo("u-java-1");
        assertThat(first.path("magic").asInt()).isZero();
        assertThat(first.path("schemaId").asInt()).isPositive();
        JsonNode value = first.path("value");
        assertThat(value.path("userId").asText()).isEqualTo("u-java-1");
        assertThat(value.path("itemId").asText()).isEqualTo("movie-2571");
        assertThat(value.path("kind").asText()).isEqualTo("PURCHASE");
        assertThat(value.path("eventTime").asLong()).isEqualTo(1_650_000_000_456L);
        assertThat(value.path("dwellMillis").asLong()).isEqualTo(31_000L);
        assertThat(value.path("context").path("surface").asText()).isEqualTo("search");
        JsonNode second = records.get(1).path("value");
        assertThat(second.path("userId").asText()).isEqualTo("u-java-2");
        assertThat(second.path("kind").asText()).isEqualTo("DISLIKE");
        assertThat(second.path("eventTime").asLong()).isEqualTo(1_650_000_000_789L);
        assertThat(second.path("dwellMillis").isNull()).as("absent dwell is null, not 0").isTrue();
        assertThat(second.path("context").size()).isZero();
    }

    @Test
    void shouldRejectAsUnknownSchemaIdWhenRealRegistryHasNoSuchId() {
        // Given wire-format bytes whose header names an id the registry never issued
        byte[] bytes = {0, 0x7f, 0x00, 0x00, 0x01, 2, 'u', 2, 'i'};

        // When
        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> clickSerde().deserializer().deserialize("clicks", bytes));

        // Then
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_SCHEMA_ID);
    }

    private static Serde<ClickEvent> clickSerde() {
        return SerdeFactory.forUrl(registry.url()).value(ClickEvent.class);
    }

    private static String createTopic(String prefix) throws Exception {
        String topic = TestKafka.unique(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // One partition: the records are read back in the order they were written.
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }

    private static List<ConsumerRecord<String, byte[]>> readRawRecords(String topic, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).as("records on " + topic).hasSize(count);
        return records;
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property " + property + " (set by failsafe)").isNotBlank();
        return Path.of(value);
    }
}
