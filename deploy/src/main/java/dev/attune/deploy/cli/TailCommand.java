package dev.attune.deploy.cli;

import dev.attune.deploy.StackFile;
import dev.attune.kafka.DeadLetters;
import dev.attune.kafka.Topics;
import dev.attune.schema.ClickEvent;
import dev.attune.schema.ExplanationRequest;
import dev.attune.schema.ItemEvent;
import dev.attune.schema.ItemVector;
import dev.attune.schema.QueryEvent;
import dev.attune.schema.QueryVector;
import dev.attune.schema.Recommendations;
import dev.attune.schema.TermVector;
import dev.attune.serde.SerdeFactory;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints a topic from its beginning, decoded, one record per line ({@code key  value-as-JSON}),
 * and follows it until Ctrl-C or {@code --max} records. Dead letters print their reason headers,
 * since their value is the undecodable original. No consumer group: reading commits nothing.
 */
public final class TailCommand {

    static final Map<String, Class<? extends SpecificRecord>> VALUE_TYPES = Map.of(
            Topics.ITEMS, ItemEvent.class, Topics.CLICKS, ClickEvent.class, Topics.QUERIES, QueryEvent.class,
            Topics.ITEM_VECTORS, ItemVector.class, Topics.QUERY_VECTORS, QueryVector.class, Topics.TERM_VECTORS, TermVector.class,
            Topics.RECOMMENDATIONS, Recommendations.class, Topics.EXPLANATION_REQUESTS, ExplanationRequest.class);

    /** "attune.dlq.": the prefix of the shared dead-letter headers. */
    private static final String DLQ_PREFIX = DeadLetters.REASON.substring(0, DeadLetters.REASON.lastIndexOf('.') + 1);

    private TailCommand() {
    }

    static int run(StackFile stack, List<String> args, int max, PrintStream out) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("tail takes one topic: " + VALUE_TYPES.keySet() + " or " + Topics.DEAD_LETTER);
        }
        String topic = args.get(0);
        if (!VALUE_TYPES.containsKey(topic) && !topic.equals(Topics.DEAD_LETTER)) {
            throw new IllegalArgumentException("unknown topic '" + topic + "'");
        }
        Deserializer<? extends SpecificRecord> values = VALUE_TYPES.containsKey(topic)
                ? SerdeFactory.forUrl(stack.registryUrl()).value(VALUE_TYPES.get(topic)).deserializer() : null;
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "attune-tail",
                // Only committed results: the streams app writes with exactly-once transactions.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            int printed = 0;
            while (max <= 0 || printed < max) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    out.println(format(record, values));
                    if (max > 0 && ++printed >= max) {
                        break;
                    }
                }
                out.flush();
            }
        }
        return 0;
    }

    static String format(ConsumerRecord<String, byte[]> record, Deserializer<? extends SpecificRecord> values) {
        if (values == null) {
            String headers = java.util.stream.StreamSupport.stream(record.headers().spliterator(), false)
                    .filter(h -> h.key().startsWith(DLQ_PREFIX))
                    .map(TailCommand::header).collect(Collectors.joining(" "));
            return record.key() + "  " + headers + "  (" + (record.value() == null ? 0 : record.value().length) + " bytes)";
        }
        if (record.value() == null) {
            return record.key() + "  (tombstone)";
        }
        try {
            return record.key() + "  " + values.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return record.key() + "  (undecodable: " + e.getMessage() + ")";
        }
    }

    private static String header(Header header) {
        String name = header.key().substring(DLQ_PREFIX.length());
        return name + "=" + (header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
    }
}
