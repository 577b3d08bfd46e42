package dev.attune.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.attune.streams.topology.StoreNames;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The co-occurrence counter on its own, with an in-memory store and rows of at most three items. */
class CooccurrenceCounterTest {

    private static final int TOP_K = 3;

    private final CooccurrenceCounter counter = new CooccurrenceCounter();
    private KeyValueStore<String, byte[]> stored;
    private CooccurrenceStore rows;

    @BeforeEach
    void init() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        stored = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.ITEM_COOCCURRENCE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        rows = new CooccurrenceStore(stored, TOP_K, true);
        rows.init(context.getStateStoreContext(), rows);
        context.addStateStore(rows);
        counter.init(context);
    }

    private void liked(String item, String... earlier) {
        counter.process(new Record<>(item, List.of(earlier), 0L));
    }

    @Test
    void shouldCountEachPairInBothItemsRows() {
        liked("c", "b", "a");
        liked("c", "a");

        assertThat(rows.cooccurring("c")).containsOnly(entry("a", 2L), entry("b", 1L));
        assertThat(rows.cooccurring("a")).containsOnly(entry("c", 2L));
        assertThat(rows.cooccurring("b")).containsOnly(entry("c", 1L));
        assertThat(rows.cooccurring("never-liked")).isEmpty();
    }

    @Test
    void shouldNotPairAnItemWithItself() {
        liked("a", "a", "b");

        assertThat(rows.cooccurring("a")).containsOnly(entry("b", 1L));
    }

    @Test
    void shouldKeepAtMostTopKItemsPerRowAndLetANewItemReplaceTheLeastCounted() {
        // Given a full row: x3 twice, x1 and x2 once each
        liked("hub", "x1", "x2", "x3");
        liked("hub", "x3");

        // When a fourth item co-occurs
        liked("hub", "x4");

        // Then the row stays at K items: the least counted (x1, first among equals) is replaced by x4 at its count + 1
        Map<String, Long> row = rows.cooccurring("hub");
        assertThat(row).hasSize(TOP_K).containsOnly(entry("x2", 1L), entry("x3", 2L), entry("x4", 2L));
    }

    @Test
    void shouldRoundTripARowThroughItsStoredBytes() {
        Map<String, Long> row = Map.of("é-item", 7L, "b", Long.MAX_VALUE);

        byte[] stored = null;
        for (Map.Entry<String, Long> e : row.entrySet()) {
            stored = CooccurrenceStore.increment(stored, e.getKey(), e.getValue(), TOP_K);
        }

        assertThat(CooccurrenceStore.decode(stored)).isEqualTo(row);
    }

    @Test
    void shouldUpdateRowBytesAsTheSpaceSavingRuleOnADecodedRowWould() {
        // Given a long random stream of ids, some frequent, many rare, into rows of at most four entries
        java.util.Random random = new java.util.Random(7);
        byte[] row = null;
        Map<String, Long> expected = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 2_000; i++) {
            String id = random.nextBoolean() ? "hot-" + random.nextInt(3) : "rare-é" + random.nextInt(50);

            // When the stored row is incremented
            row = CooccurrenceStore.increment(row, id, 1, 4);

            // Then they decode to what the rule gives on a decoded row: add, or replace the first least counted
            if (expected.containsKey(id)) {
                expected.merge(id, 1L, Long::sum);
            } else if (expected.size() < 4) {
                expected.put(id, 1L);
            } else {
                Map.Entry<String, Long> least = expected.entrySet().stream()
                        .reduce((a, b) -> b.getValue() < a.getValue() ? b : a).orElseThrow();
                expected.remove(least.getKey());
                expected.put(id, least.getValue() + 1);
            }
            assertThat(List.copyOf(CooccurrenceStore.decode(row).entrySet())).as("after %d increments", i + 1)
                    .isEqualTo(List.copyOf(expected.entrySet()));
        }
    }

    @Test
    void shouldReadARowOfTheFirstFormatAndWriteItBackCompactWithTheSameCounts() {
        // Given a row as the first format stored it: 4-byte entry count; 2-byte id length, id, 8-byte count each
        java.nio.ByteBuffer first = java.nio.ByteBuffer.allocate(4 + 2 * (2 + 4 + 8)).putInt(2);
        first.putShort((short) 4).put("m-17".getBytes(java.nio.charset.StandardCharsets.UTF_8)).putLong(300);
        first.putShort((short) 4).put("m-42".getBytes(java.nio.charset.StandardCharsets.UTF_8)).putLong(1);
        byte[] stored = first.array();

        // When it is read, and written again with one more co-occurrence
        Map<String, Long> read = CooccurrenceStore.decode(stored);
        byte[] again = CooccurrenceStore.increment(stored, "m-42", 1, TOP_K);

        // Then the counts are kept, in order, and the row is now compact: about 8 bytes an entry instead of 14
        assertThat(List.copyOf(read.entrySet())).containsExactly(entry("m-17", 300L), entry("m-42", 1L));
        assertThat(List.copyOf(CooccurrenceStore.decode(again).entrySet()))
                .containsExactly(entry("m-17", 300L), entry("m-42", 2L));
        assertThat(again[0]).isEqualTo(CooccurrenceStore.COMPACT_ROW);
        assertThat(again).hasSize(1 + 1 + 2 * (1 + 4) + 2 + 1);
    }

    @Test
    void shouldWriteTheFirstFormatForOlderReadersWhenConfiguredTo() {
        // Given a store configured with cooccurrence.row.format=1 (a rolling upgrade from a release before compact rows)
        KeyValueStore<String, byte[]> oldReaders = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("old-format"), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        CooccurrenceStore firstFormat = new CooccurrenceStore(oldReaders, TOP_K, false);
        firstFormat.init(new MockProcessorContext<>().getStateStoreContext(), firstFormat);

        // When a row is written
        firstFormat.incrementAll("c", List.of("a", "b", "a"));
        firstFormat.flushCache();

        // Then it is in the first format: a 4-byte entry count, then a 2-byte length, the id and an 8-byte count each
        java.nio.ByteBuffer row = java.nio.ByteBuffer.wrap(oldReaders.get("c"));
        assertThat(row.getInt()).isEqualTo(2);
        assertThat(row.getShort()).isEqualTo((short) 1);
        assertThat(row.get()).isEqualTo((byte) 'a');
        assertThat(row.getLong()).isEqualTo(2L);
        assertThat(row.remaining()).isEqualTo(2 + 1 + 8);
        assertThat(firstFormat.cooccurring("c")).containsExactly(entry("a", 2L), entry("b", 1L));
    }

    @Test
    void shouldApplyABatchOfIncrementsAsTheSameIncrementsOneByOne() {
        // Given full rows of at most five entries and batches that hit, add and evict within one batch
        java.util.Random random = new java.util.Random(11);
        byte[] batched = null;
        byte[] oneByOne = null;
        for (int round = 0; round < 300; round++) {
            Map<String, Long> batch = new java.util.LinkedHashMap<>();
            for (int i = random.nextInt(12); i >= 0; i--) {
                batch.merge(random.nextInt(4) == 0 ? "hot" : "item-" + random.nextInt(30), 1L + random.nextInt(3),
                        Long::sum);
            }

            // When one side applies the batch at once and the other increment by increment
            batched = CooccurrenceStore.apply(batched, batch, 5, true);
            for (Map.Entry<String, Long> e : batch.entrySet()) {
                oneByOne = CooccurrenceStore.increment(oneByOne, e.getKey(), e.getValue(), 5);
            }

            // Then the stored rows are the same bytes
            assertThat(batched).as("after batch %d", round).isEqualTo(oneByOne);
        }
        assertThat(CooccurrenceStore.decode(batched)).hasSize(5);
    }

    @Test
    void shouldBufferIncrementsUntilACommitThenWriteEachRowOnce() {
        // Given two clicks that touch the same rows
        liked("c", "a", "b");
        liked("c", "a");

        // Then nothing is written yet, but reads see the counts
        assertThat(stored.approximateNumEntries()).isZero();
        assertThat(rows.pendingRows()).isEqualTo(3);
        assertThat(rows.cooccurring("c")).containsOnly(entry("a", 2L), entry("b", 1L));

        // When the task commits (Kafka Streams flushes its stores' caches first)
        rows.flushCache();

        // Then each touched row is written, with the summed counts, and the buffer is empty
        assertThat(rows.pendingRows()).isZero();
        assertThat(CooccurrenceStore.decode(stored.get("c"))).containsOnly(entry("a", 2L), entry("b", 1L));
        assertThat(CooccurrenceStore.decode(stored.get("a"))).containsOnly(entry("c", 2L));
        assertThat(CooccurrenceStore.decode(stored.get("b"))).containsOnly(entry("c", 1L));

        // And later increments add to the written rows, at a checkpoint too
        liked("a", "c");
        rows.flush();
        assertThat(CooccurrenceStore.decode(stored.get("a"))).containsOnly(entry("c", 3L));
    }

    @Test
    void shouldGiveEntryByEntryWhatTheRowMapHoldsInItsOrderBeforeAndAfterACommit() {
        // Given a full row written at a commit, then more increments that evict and reorder it
        liked("c", "a", "b");
        liked("c", "a", "d");
        rows.flushCache();
        Map<String, Long> committed = new java.util.LinkedHashMap<>();
        rows.forEachCooccurring("c", committed::put);
        liked("c", "e", "e");

        // Then entry by entry gives the same entries in the same order as the row's map, with and without increments
        assertThat(committed).containsExactlyEntriesOf(CooccurrenceStore.decode(stored.get("c")));
        Map<String, Long> pending = new java.util.LinkedHashMap<>();
        rows.forEachCooccurring("c", pending::put);
        assertThat(pending).containsExactlyEntriesOf(rows.cooccurring("c")).containsKey("e").isNotEqualTo(committed);
        List<String> none = new java.util.ArrayList<>();
        rows.forEachCooccurring("never-liked", (id, count) -> none.add(id));
        assertThat(none).isEmpty();
    }

    @Test
    void shouldDropUncommittedIncrementsWhenTheTaskClosesDirty() {
        liked("c", "a");
        rows.flushCache();
        liked("c", "a");

        rows.clearCache();

        assertThat(rows.cooccurring("c")).containsOnly(entry("a", 1L));
    }
}
