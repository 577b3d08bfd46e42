package dev.attune.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attune.kafka.DeadLetters;
import dev.attune.schema.ItemEvent;
import dev.attune.schema.ItemVector;
import dev.attune.schema.Polarity;
import dev.attune.schema.QueryEvent;
import dev.attune.schema.QueryVector;
import dev.attune.schema.TermVector;
import dev.attune.vector.Vectors;
import dev.attune.worker.config.WorkerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The worker against a real broker with the real model: shapes, bad input, and exactly once across a crash. */
class EmbeddingWorkerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ItemEvent item(String id, String title, List<String> tags, List<String> categories) {
        return ItemEvent.newBuilder().setItemId(id).setTitle(title).setDescription(null).setTags(tags)
                .setCategories(categories).setUpdatedAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();
    }

    private static float[] values(dev.attune.schema.Vector v) {
        float[] out = new float[v.getValues().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.getValues().get(i);
        }
        return out;
    }

    @Test
    void shouldEmbedItemsQueriesAndTermsAndDeadLetterBadInput() throws Exception {
        try (WorkerHarness h = new WorkerHarness()) {
            var itemSerde = h.serdes.value(ItemEvent.class).serializer();
            var querySerde = h.serdes.value(QueryEvent.class).serializer();
            h.send(h.items, "m1", itemSerde.serialize(h.items, item("m1", "Galaxy Quest (1999)", List.of("space", "parody"), List.of("Comedy", "Sci-Fi"))));
            h.send(h.items, "m2", itemSerde.serialize(h.items, item("m2", "Alien (1979)", List.of("space", "monster"), List.of("Horror", "Sci-Fi"))));
            h.send(h.items, "m3", null);
            h.send(h.items, "bad", "not avro at all".getBytes(StandardCharsets.UTF_8));
            h.send(h.items, "empty", itemSerde.serialize(h.items, item("empty", "   ", List.of(), List.of())));
            h.send(h.queries, "u1", querySerde.serialize(h.queries, QueryEvent.newBuilder().setUserId("u1").setQueryId("q1")
                    .setText("funny space movies, nothing scary").setEventTime(Instant.now()).build()));
            h.send(h.queries, "u2", querySerde.serialize(h.queries, QueryEvent.newBuilder().setUserId("u2").setQueryId("q2")
                    .setText(" \t ").setEventTime(Instant.now()).build()));
            h.flush();
            AtomicReference<Throwable> failure = new AtomicReference<>();

            h.start("a", Map.of(), n -> { }, failure);

            var itemOut = h.read(h.itemVectors, "read_committed", 3, WAIT);
            var queryOut = h.read(h.queryVectors, "read_committed", 1, WAIT);
            var termOut = h.read(h.termVectors, "read_committed", 6, WAIT);
            var dlq = h.read(h.deadLetters, "read_committed", 3, WAIT);
            assertThat(failure.get()).isNull();

            assertThat(itemOut).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("m1", "m2", "m3");
            assertThat(itemOut).filteredOn(r -> r.key().equals("m3")).singleElement()
                    .satisfies(r -> assertThat(r.value()).as("tombstone for a tombstone").isNull());
            var itemDeserializer = h.serdes.value(ItemVector.class).deserializer();
            for (var r : itemOut.stream().filter(r -> r.value() != null).toList()) {
                ItemVector v = itemDeserializer.deserialize(r.topic(), r.value());
                assertThat(v.getItemId()).isEqualTo(r.key());
                assertThat(v.getVector().getModel()).isEqualTo("all-MiniLM-L6-v2");
                assertThat(v.getVector().getDimension()).isEqualTo(384);
                assertThat(Vectors.norm(values(v.getVector()))).isCloseTo(1f, within(1e-3f));
            }

            QueryVector q = h.serdes.value(QueryVector.class).deserializer().deserialize(h.queryVectors, queryOut.get(0).value());
            assertThat(queryOut).extracting(ConsumerRecord::key).containsExactly("u1");
            assertThat(q.getWhole().getDimension()).isEqualTo(384);
            assertThat(q.getFacets()).anySatisfy(f -> {
                assertThat(f.getPolarity()).isEqualTo(Polarity.NEGATIVE);
                assertThat(f.getPhrase()).isEqualTo("scary");
            });
            assertThat(q.getFacets()).anySatisfy(f -> assertThat(f.getPolarity()).isEqualTo(Polarity.POSITIVE));
            assertThat((float) q.getFacets().stream().mapToDouble(f -> f.getWeight()).sum()).isCloseTo(1f, within(1e-3f));

            var termDeserializer = h.serdes.value(TermVector.class).deserializer();
            assertThat(termOut).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("space", "parody", "monster", "comedy", "sci-fi", "horror");
            assertThat(termOut).allSatisfy(r -> assertThat(termDeserializer.deserialize(r.topic(), r.value()).getVector().getDimension()).isEqualTo(384));

            assertThat(dlq).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON))
                    .containsExactlyInAnyOrder("NOT_WIRE_FORMAT", "EMPTY_TEXT", "EMPTY_TEXT");
            assertThat(dlq).filteredOn(r -> "bad".equals(r.key())).singleElement()
                    .satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all"));
        }
    }

    @Test
    void shouldNotLingerForALoneQueryWhenNothingElseIsWaiting() throws Exception {
        try (WorkerHarness h = new WorkerHarness()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            // A linger this long would show: a lone query must go at once, since nothing else is waiting.
            EmbeddingWorker worker = h.start("lone", Map.of(WorkerConfig.BATCH_LINGER_MS, 20_000), n -> { }, failure);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!worker.healthy() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            var querySerde = h.serdes.value(QueryEvent.class).serializer();
            long start = System.nanoTime();
            h.send(h.queries, "lone", querySerde.serialize(h.queries, QueryEvent.newBuilder().setUserId("lone").setQueryId("q")
                    .setText("quiet films about the sea").setEventTime(Instant.now()).build()));
            h.flush();
            var out = h.read(h.queryVectors, "read_committed", 1, Duration.ofSeconds(15));
            assertThat(failure.get()).isNull();
            assertThat(out).extracting(ConsumerRecord::key).containsExactly("lone");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    /** Thrown from inside a batch's transaction, after its sends and before its commit: the process "dies". */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash before commit", null, false, false);
        }
    }

    /** Writes {@code count} items {@code <prefix>-<i>} titled {@code <title> <i>}, in {@code categories} categories. */
    private static void sendItems(WorkerHarness h, String prefix, int count, String title, String category, int categories)
            throws Exception {
        var itemSerde = h.serdes.value(ItemEvent.class).serializer();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            h.send(h.items, id, itemSerde.serialize(h.items,
                    item(id, title + " " + i, List.of(), List.of(category + (i % categories)))));
        }
        h.flush();
    }

    /** Starts a worker whose hook crashes it before some commit, and waits until it has crashed. */
    private static void startAndAwaitCrash(WorkerHarness h, String instance, Map<String, Object> settings,
                                           EmbeddingWorker.BeforeCommit hook) throws Exception {
        AtomicReference<Throwable> crashed = new AtomicReference<>();
        h.start(instance, settings, hook, crashed);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (crashed.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(crashed.get()).isInstanceOf(SimulatedCrash.class);
    }

    @Test
    void shouldWriteEveryItemVectorExactlyOnceAcrossACrashMidStream() throws Exception {
        int count = 64;
        try (WorkerHarness h = new WorkerHarness()) {
            sendItems(h, "item", count, "Film number", "Genre", 5);
            // one transaction per batch, so the crash falls after three committed batches
            Map<String, Object> small = Map.of(WorkerConfig.BATCH_MAX_SIZE, 8, WorkerConfig.BATCH_LINGER_MS, 0,
                    WorkerConfig.COMMIT_INTERVAL_MS, 0);
            startAndAwaitCrash(h, "restarting", small, n -> {
                if (n == 4) {
                    throw new SimulatedCrash();
                }
            });
            int beforeRestart = h.read(h.itemVectors, "read_committed", 0, Duration.ofSeconds(2)).size();

            AtomicReference<Throwable> failure = new AtomicReference<>();
            h.start("restarting", small, n -> { }, failure);
            var committed = h.read(h.itemVectors, "read_committed", count, WAIT);
            var everything = h.read(h.itemVectors, "read_uncommitted", count, Duration.ofSeconds(5));

            assertThat(failure.get()).isNull();
            assertThat(beforeRestart).as("three batches of 8 committed before the crash").isEqualTo(24);
            Set<String> keys = committed.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertThat(keys).as("no missing key").hasSize(count);
            assertThat(committed).as("no duplicate").hasSize(count);
            assertThat(everything.size()).as("the crashed batch was written, then aborted").isGreaterThan(count);
            Set<String> terms = new HashSet<>(h.read(h.termVectors, "read_committed", 5, WAIT).stream().map(ConsumerRecord::key).toList());
            assertThat(terms).containsExactlyInAnyOrder("genre0", "genre1", "genre2", "genre3", "genre4");
        }
    }

    @Test
    void shouldRetryAFailedBatchFromTheLastCommitWithoutDuplicatesOrGaps() throws Exception {
        int count = 32;
        try (WorkerHarness h = new WorkerHarness()) {
            var itemSerde = h.serdes.value(ItemEvent.class).serializer();
            for (int i = 0; i < count; i++) {
                String id = "retry-" + i;
                h.send(h.items, id, itemSerde.serialize(h.items, item(id, "Documentary " + i, List.of(), List.of())));
            }
            h.flush();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();

            h.start("retrying", Map.of(WorkerConfig.BATCH_MAX_SIZE, 8, WorkerConfig.BATCH_LINGER_MS, 0,
                    WorkerConfig.COMMIT_INTERVAL_MS, 0), n -> {
                if (n == 2 && failedOnce.compareAndSet(false, true)) {
                    throw new org.apache.kafka.common.KafkaException("injected failure before commit");
                }
            }, failure);
            var committed = h.read(h.itemVectors, "read_committed", count, WAIT);
            var everything = h.read(h.itemVectors, "read_uncommitted", count, Duration.ofSeconds(5));

            assertThat(failure.get()).as("the worker kept running").isNull();
            assertThat(failedOnce).isTrue();
            assertThat(committed.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).hasSize(count);
            assertThat(committed).as("no duplicate").hasSize(count);
            assertThat(everything.size()).as("the failed batch was written, then aborted").isGreaterThan(count);
        }
    }

    @Test
    void shouldCommitABacklogInFewerTransactionsThanBatchesAndLoseNothingWhenOneOfThemCrashes() throws Exception {
        int count = 64;
        try (WorkerHarness h = new WorkerHarness()) {
            sendItems(h, "backlog", count, "Serial", "Kind", 3);
            // batches of 8 and a commit interval far longer than the backlog takes: transactions span batches
            Map<String, Object> spanning = Map.of(WorkerConfig.BATCH_MAX_SIZE, 8, WorkerConfig.BATCH_LINGER_MS, 0,
                    WorkerConfig.COMMIT_INTERVAL_MS, 60_000);
            startAndAwaitCrash(h, "spanning", spanning, n -> {
                throw new SimulatedCrash(); // the first transaction dies before its commit
            });
            int beforeRestart = h.read(h.itemVectors, "read_committed", 0, Duration.ofSeconds(2)).size();
            int writtenBeforeRestart = h.read(h.itemVectors, "read_uncommitted", 0, Duration.ofSeconds(2)).size();

            AtomicReference<Throwable> failure = new AtomicReference<>();
            Set<Integer> commits = java.util.concurrent.ConcurrentHashMap.newKeySet();
            h.start("spanning", spanning, commits::add, failure);
            var committed = h.read(h.itemVectors, "read_committed", count, WAIT);

            assertThat(failure.get()).isNull();
            assertThat(beforeRestart).as("nothing of the crashed transaction is visible").isZero();
            assertThat(writtenBeforeRestart).as("it had written more than one batch").isGreaterThan(8);
            assertThat(commits).as("the 8 batches of the backlog took fewer commits").isNotEmpty().hasSizeLessThan(8);
            Set<String> keys = committed.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertThat(keys).as("no missing key").hasSize(count);
            assertThat(committed).as("no duplicate").hasSize(count);
            Set<String> terms = new HashSet<>(h.read(h.termVectors, "read_committed", 3, WAIT).stream().map(ConsumerRecord::key).toList());
            assertThat(terms).containsExactlyInAnyOrder("kind0", "kind1", "kind2");
        }
    }
}
