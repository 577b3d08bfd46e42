package dev.attune.streams.topology;

import static dev.attune.streams.testing.Events.click;
import static dev.attune.streams.testing.Events.item;
import static dev.attune.streams.testing.Events.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.kafka.DeadLetters;
import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.schema.QueryVector;
import dev.attune.schema.Vector;
import dev.attune.streams.errors.RejectionMetrics;
import dev.attune.streams.testing.Driver;
import dev.attune.streams.testing.VectorSpace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input goes to the dead-letter topic with its original bytes and reason, and processing goes on. */
class DeadLetterTopologyTest {

    private static final Instant T0 = Instant.parse("2026-02-20T10:00:00Z");

    @TempDir
    Path stateDir;

    private final VectorSpace space = new VectorSpace(5);
    private Driver d;
    private final List<byte[]> sentValues = new ArrayList<>();
    private final List<String> expectedReasons = new ArrayList<>();

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    private void rawClick(String key, byte[] value, String expectedReason) {
        d.rawClicks.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, T0);
        sentValues.add(value);
        expectedReasons.add(expectedReason);
    }

    private void rawQuery(String key, byte[] value, String expectedReason) {
        d.rawQueries.pipeInput(key.getBytes(StandardCharsets.UTF_8), value, T0);
        sentValues.add(value);
        expectedReasons.add(expectedReason);
    }

    private static Vector vector(String model, List<Float> values) {
        return new Vector(model, values.size(), values);
    }

    @Test
    void shouldDeadLetterEveryKindOfBadInputWithReasonAndOriginalBytesAndKeepProcessing() {
        d = new Driver(stateDir, Map.of());
        d.item(item("good-item", "Good", List.of("Sci-Fi"), space.mix(0.3, "scifi", 1)));
        Serializer<ClickEvent> clicks = d.serdes.value(ClickEvent.class).serializer();
        Serializer<QueryVector> queries = d.serdes.value(QueryVector.class).serializer();
        float[] ok = space.mix(0.2, "scifi", 1);

        rawClick("u1", "not avro at all".getBytes(StandardCharsets.UTF_8), "NOT_WIRE_FORMAT");
        rawClick("u1", new byte[] {0, 0, 0}, "TRUNCATED");
        rawClick("u1", new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 65}, "UNKNOWN_SCHEMA_ID");
        byte[] valid = clicks.serialize("clicks", click("u1", "good-item", EventKind.CLICK, T0));
        rawClick("u1", Arrays.copyOf(valid, valid.length - 3), "TRUNCATED");
        rawClick(null, clicks.serialize("clicks", click("u1", "good-item", EventKind.CLICK, T0)), "MISSING_USER_ID");
        rawClick("u2", clicks.serialize("clicks", click("u1", "good-item", EventKind.CLICK, T0)), "KEY_MISMATCH");
        rawClick("u1", clicks.serialize("clicks", click("u1", "", EventKind.CLICK, T0)), "MISSING_ITEM_ID");
        rawClick("u1", clicks.serialize("clicks", click("u1", "good-item", EventKind.UNKNOWN, T0)), "UNKNOWN_EVENT_KIND");
        rawClick("u1", clicks.serialize("clicks", click("u1", "good-item", EventKind.CLICK,
                Driver.WALL_START.plusSeconds(86_400))), "FUTURE_TIMESTAMP");

        QueryVector wrongDimension = query("u1", "short", ok, T0);
        wrongDimension.setWhole(vector(VectorSpace.MODEL, List.of(1f, 0f, 0f)));
        rawQuery("u1", queries.serialize("query-vectors", wrongDimension), "WRONG_DIMENSION");
        QueryVector wrongModel = query("u1", "other model", ok, T0);
        wrongModel.setWhole(vector("some-other-model", VectorSpace.avro(ok).getValues()));
        rawQuery("u1", queries.serialize("query-vectors", wrongModel), "WRONG_MODEL");
        List<Float> withNaN = new ArrayList<>(VectorSpace.avro(ok).getValues());
        withNaN.set(7, Float.NaN);
        QueryVector nan = query("u1", "nan", ok, T0);
        nan.setWhole(vector(VectorSpace.MODEL, withNaN));
        rawQuery("u1", queries.serialize("query-vectors", nan), "NON_FINITE_VECTOR");
        List<Float> doubled = VectorSpace.avro(ok).getValues().stream().map(x -> 2 * x).toList();
        QueryVector notUnit = query("u1", "long", ok, T0);
        notUnit.setWhole(vector(VectorSpace.MODEL, doubled));
        rawQuery("u1", queries.serialize("query-vectors", notUnit), "NOT_UNIT_VECTOR");

        // and a good record after all of them is still processed
        d.click(click("u1", "good-item", EventKind.CLICK, T0));

        List<TestRecord<byte[], byte[]>> dead = d.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(expectedReasons.size());
        for (int i = 0; i < dead.size(); i++) {
            TestRecord<byte[], byte[]> r = dead.get(i);
            assertThat(DeadLetters.header(r.headers(), DeadLetters.REASON)).as("record %d", i).isEqualTo(expectedReasons.get(i));
            assertThat(r.value()).as("original bytes of record %d", i).isEqualTo(sentValues.get(i));
            assertThat(DeadLetters.header(r.headers(), DeadLetters.SERVICE)).isEqualTo("streams-app");
            assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC)).isIn("clicks", "query-vectors");
            assertThat(DeadLetters.header(r.headers(), DeadLetters.DETAIL)).isNotBlank();
        }
        assertThat(d.interests().get("u1").getInterests()).hasSize(1);
        assertThat(d.recommendations.readRecordsToList()).hasSize(1);

        Map<String, Double> totals = rejectedTotals(d.driver.metrics());
        assertThat(totals.get("TRUNCATED")).isEqualTo(2.0);
        assertThat(totals.get("FUTURE_TIMESTAMP")).isEqualTo(1.0);
        assertThat(totals.keySet()).containsAll(expectedReasons);
    }

    @Test
    void shouldSkipABadItemVectorWithoutStoppingTheCatalogue() {
        d = new Driver(stateDir, Map.of());
        var bad = item("bad-item", "Bad", List.of(), space.mix(0.3, "scifi", 1));
        bad.setVector(vector(VectorSpace.MODEL, List.of(1f, 0f)));

        d.item(bad);
        d.item(item("good-item", "Good", List.of(), space.mix(0.3, "scifi", 1)));

        assertThat(d.catalogue.size()).isEqualTo(1);
        assertThat(d.catalogue.get("bad-item")).isNull();
        assertThat(d.catalogue.get("good-item")).isNotNull();
        assertThat(rejectedTotals(d.driver.metrics())).containsEntry("WRONG_DIMENSION", 1.0);

        d.items.pipeInput("good-item", null);
        assertThat(d.catalogue.size()).isZero();
        assertThat(d.catalogue.get("good-item")).isNull();
    }

    private static Map<String, Double> rejectedTotals(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Double> totals = new HashMap<>();
        metrics.forEach((name, metric) -> {
            if (name.name().equals(RejectionMetrics.OPERATION + "-total")) {
                totals.merge(name.tags().get(RejectionMetrics.SCOPE + "-id"), (Double) metric.metricValue(), Double::sum);
            }
        });
        return totals;
    }
}
