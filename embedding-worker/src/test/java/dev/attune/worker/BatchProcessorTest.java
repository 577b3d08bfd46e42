package dev.attune.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attune.kafka.DeadLetters;
import dev.attune.schema.ItemEvent;
import dev.attune.schema.ItemVector;
import dev.attune.schema.QueryEvent;
import dev.attune.schema.Vector;
import dev.attune.serde.SerdeFactory;
import dev.attune.worker.config.WorkerConfig;
import dev.attune.worker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The batch logic with the real model and an in-memory registry, no broker. */
class BatchProcessorTest {

    private final String registry = "mock://batch-" + UUID.randomUUID();
    private final SerdeFactory serdes = SerdeFactory.forUrl(registry);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BatchProcessor processor = new BatchProcessor(
            new WorkerConfig(Map.of(WorkerConfig.SCHEMA_REGISTRY_URL, registry, WorkerConfig.TEXT_MAX_CHARS, 2000)),
            SharedEncoder.get(), serdes, new WorkerMetrics(meters), Clock.systemUTC());
    private long offset;

    private ConsumerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ConsumerRecord<>(topic, 0, offset++, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    private ConsumerRecord<byte[], byte[]> item(ItemEvent item) {
        return record("items", item.getItemId(), serdes.value(ItemEvent.class).serializer().serialize("items", item));
    }

    private ConsumerRecord<byte[], byte[]> query(String user, String text) {
        QueryEvent q = QueryEvent.newBuilder().setUserId(user).setQueryId(UUID.randomUUID().toString()).setText(text)
                .setEventTime(Instant.EPOCH).build();
        return record("queries", user, serdes.value(QueryEvent.class).serializer().serialize("queries", q));
    }

    private static ItemEvent.Builder itemBuilder(String id) {
        return ItemEvent.newBuilder().setItemId(id).setTitle("Title " + id).setDescription(null).setTags(List.of())
                .setCategories(List.of()).setUpdatedAt(Instant.EPOCH);
    }

    private double queryTexts() {
        return meters.get("attune.worker.texts").tag("kind", "query").counter().count();
    }

    private static List<String> reasons(Outcome outcome) {
        return outcome.records().stream().filter(r -> r.topic().equals("attune-dead-letter"))
                .map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).toList();
    }

    @Test
    void shouldEmbedIdenticalQueriesOnceInABatchAndServeRepeatsFromTheCache() {
        Outcome first = processor.process(List.of(query("u1", "space westerns"), query("u2", "space westerns")));
        double embeddedOnce = queryTexts();

        Outcome second = processor.process(List.of(query("u3", "space westerns")));

        assertThat(first.records()).hasSize(2).allSatisfy(r -> assertThat(r.topic()).isEqualTo("query-vectors"));
        assertThat(second.records()).hasSize(1);
        assertThat(embeddedOnce).as("whole query and its phrases, each once").isEqualTo(3.0);
        assertThat(queryTexts()).as("nothing new for a repeated query").isEqualTo(embeddedOnce);
        assertThat(meters.get("attune.worker.query.cache").tag("result", "hit").counter().count()).isEqualTo(3.0);
    }

    @Test
    void shouldEmbedAQueryThenAllItsCandidatePhrasesInOneMoreModelCallEvenAtBatchSizeOne() {
        SimpleMeterRegistry oneMeters = new SimpleMeterRegistry();
        BatchProcessor one = new BatchProcessor(
                new WorkerConfig(Map.of(WorkerConfig.SCHEMA_REGISTRY_URL, registry, WorkerConfig.BATCH_MAX_SIZE, 1)),
                SharedEncoder.get(), serdes, new WorkerMetrics(oneMeters), Clock.systemUTC());

        Outcome outcome = one.process(List.of(query("u1", "funny space movies, nothing scary")));

        assertThat(outcome.records()).hasSize(1);
        var calls = oneMeters.get("attune.worker.batch.size").summary();
        assertThat(calls.count()).as("the whole query, then its phrases, not padded to the query's length").isEqualTo(2);
        assertThat(calls.totalAmount()).as("the whole query and its phrases").isGreaterThan(3);
    }

    @Test
    void shouldDeadLetterBadRecordsWithTheirReasonAndKeepTheirBytes() {
        byte[] truncated = {0, 0, 0};
        Outcome outcome = processor.process(List.of(
                record("items", "x", "plain text".getBytes(StandardCharsets.UTF_8)),
                record("items", "y", truncated),
                record("queries", "u1", null),
                query("u2", "   "),
                item(itemBuilder("blank").setTitle(" ").build()),
                record("items", null, null)));

        assertThat(reasons(outcome)).containsExactly("NOT_WIRE_FORMAT", "TRUNCATED", "MISSING_VALUE", "EMPTY_TEXT",
                "EMPTY_TEXT", "MISSING_KEY");
        assertThat(outcome.records().get(1).value()).isEqualTo(truncated);
        assertThat(meters.get("attune.worker.dead.letters").tag("reason", "EMPTY_TEXT").counter().count()).isEqualTo(2.0);
    }

    @Test
    void shouldTruncateOversizeTextAndStillEmbedIt() {
        String description = "An epic about space and friendship. ".repeat(3000);

        Outcome outcome = processor.process(List.of(item(itemBuilder("long").setDescription(description).build())));

        assertThat(outcome.records()).singleElement().satisfies(r -> assertThat(r.topic()).isEqualTo("item-vectors"));
        ItemVector v = serdes.value(ItemVector.class).deserializer().deserialize("item-vectors", outcome.records().get(0).value());
        assertThat(v.getDescription()).as("the text fields travel as received").isEqualTo(description);
        assertThat(meters.get("attune.worker.texts.truncated").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldUseAPrecomputedVectorOfTheWorkersModelAsIs() {
        List<Float> values = new ArrayList<>();
        for (int i = 0; i < 384; i++) {
            values.add(i == 7 ? 2f : 0f);
        }
        Vector given = Vector.newBuilder().setModel("all-MiniLM-L6-v2").setDimension(384).setValues(values).build();

        Outcome outcome = processor.process(List.of(item(itemBuilder("pre").setPrecomputedVector(given).build())));

        ItemVector v = serdes.value(ItemVector.class).deserializer().deserialize("item-vectors", outcome.records().get(0).value());
        assertThat(v.getVector().getValues().get(7)).isCloseTo(1f, within(1e-6f));
        assertThat(meters.get("attune.worker.texts").tag("kind", "passage").counter().count()).isZero();
    }

    @Test
    void shouldWriteEachTermOnceAndAgainOnlyIfItsTransactionDidNotCommit() {
        ItemEvent a = itemBuilder("a").setTags(List.of("Space", "space ")).setCategories(List.of("Sci-Fi")).build();
        ItemEvent b = itemBuilder("b").setTags(List.of("SPACE")).setCategories(List.of("Sci-Fi", "Comedy")).build();

        Outcome first = processor.process(List.of(item(a)));
        Outcome retried = processor.process(List.of(item(a)));
        processor.committed(retried.newTerms());
        Outcome next = processor.process(List.of(item(b)));

        assertThat(first.newTerms()).containsExactly("space", "sci-fi");
        assertThat(retried.newTerms()).as("not committed yet: written again").containsExactly("space", "sci-fi");
        assertThat(next.newTerms()).containsExactly("comedy");
        assertThat(next.records()).extracting(ProducerRecord::topic).containsExactly("item-vectors", "term-vectors");
    }

    @Test
    void shouldTurnAnItemTombstoneIntoAVectorTombstone() {
        Outcome outcome = processor.process(List.of(record("items", "gone", null)));

        assertThat(outcome.records()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("item-vectors");
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("gone");
            assertThat(r.value()).isNull();
        });
    }
}
