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

/**
 * The co-occurrence counter on its own, with an in-memory store, rows of at most three items and at most two rows
 * kept decoded (so that reads also decode rows the bound dropped).
 */
class CooccurrenceCounterTest {

    private static final int TOP_K = 3;
    private static final int CACHE_ROWS = 2;

    private final CooccurrenceCounter counter = new CooccurrenceCounter();
    private KeyValueStore<String, byte[]> stored;
    private CooccurrenceStore rows;

    @BeforeEach
    void init() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        stored = inMemory(StoreNames.ITEM_COOCCURRENCE);
        rows = new CooccurrenceStore(stored, TOP_K, 2, CACHE_ROWS);
        rows.init(context.getStateStoreContext(), rows);
        context.addStateStore(rows);
        counter.init(context);
    }

    /** An in-memory store of row bytes, not logged. */
    private static KeyValueStore<String, byte[]> inMemory(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
    }

    /** The store, initialised as a task would (it registers the rows underneath). */
    private static CooccurrenceStore opened(CooccurrenceStore store) {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    /** Counts item-0, item-1, … ({@code items} of them) once each in the row "popular", and commits. */
    private static void commitPopularRow(CooccurrenceStore store, int items) {
        for (int i = 0; i < items; i++) {
            store.increment("popular", "item-" + i);
        }
        store.flushCache();
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
        KeyValueStore<String, byte[]> oldReaders = inMemory("old-format");
        CooccurrenceStore firstFormat = opened(new CooccurrenceStore(oldReaders, TOP_K, 1, CACHE_ROWS));

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
    void shouldWriteAtEachCommitWhatTheSameIncrementsGiveOneByOneOnTheStoredRow() {
        // Given full rows of at most five entries, and increments that hit, add and evict between commits
        KeyValueStore<String, byte[]> written = inMemory("one-by-one");
        CooccurrenceStore store = opened(new CooccurrenceStore(written, 5, 2, CACHE_ROWS));
        java.util.Random random = new java.util.Random(11);
        Map<String, byte[]> expected = new java.util.HashMap<>();
        for (int round = 0; round < 300; round++) {
            for (int i = random.nextInt(12); i >= 0; i--) {
                String row = "row-" + random.nextInt(4);
                String other = random.nextInt(4) == 0 ? "hot" : "item-é" + random.nextInt(30);

                // When the store counts them in its decoded rows, and each is applied to the stored bytes alone
                store.increment(row, other);
                expected.put(row, CooccurrenceStore.increment(expected.get(row), other, 1, 5));
            }
            store.flushCache();

            // Then every commit writes the same bytes: the space-saving rule, increment by increment
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                assertThat(written.get(e.getKey())).as("%s after commit %d", e.getKey(), round).isEqualTo(e.getValue());
            }
        }
        assertThat(CooccurrenceStore.decode(written.get("row-0"))).hasSize(5);
        assertThat(store.decodedRows()).isEqualTo(CACHE_ROWS);
    }

    @Test
    void shouldReadBackWithDeltasEveryRowAsTheLiveStoreHoldsItAfterEachCommit() {
        // Given rows of at most 24 entries written with deltas (cooccurrence.row.format 3; a delta carries up to 5
        // entries), and increments that hit, add and evict between commits
        KeyValueStore<String, byte[]> written = inMemory("deltas");
        CooccurrenceStore live = opened(new CooccurrenceStore(written, 24, 3, 100));
        java.util.Random random = new java.util.Random(7);
        int commitsWithADelta = 0;
        for (int round = 0; round < 600; round++) {
            for (int i = random.nextInt(5); i >= 0; i--) {
                String other = random.nextInt(3) == 0 ? "hot-" + random.nextInt(3) : "item-" + random.nextInt(80);
                live.increment("row-" + random.nextInt(3), other);
            }

            // When the task commits
            live.flushCache();

            // Then a store reading the same bytes afresh (as after a restore from the changelog) holds every row as
            // the live one does, order included
            CooccurrenceStore restored = new CooccurrenceStore(written, 24, 3, 100);
            for (int r = 0; r < 3; r++) {
                assertThat(restored.cooccurring("row-" + r)).as("row-%d after commit %d", r, round)
                        .containsExactlyEntriesOf(live.cooccurring("row-" + r));
            }
            commitsWithADelta += written.get(CooccurrenceStore.deltaKey("row-0")) == null ? 0 : 1;
            if (round % 50 == 49) {
                live = restored; // a failover: go on counting from what was read back
            }
        }
        // and both kinds of write happened: deltas, and whole rows that replaced them
        assertThat(commitsWithADelta).isBetween(50, 550);
    }

    @Test
    void shouldWriteOnlyWhatChangedInAFullRowWhileThatIsSmall() {
        KeyValueStore<String, byte[]> written = inMemory("small");
        CooccurrenceStore store = opened(new CooccurrenceStore(written, 200, 3, CACHE_ROWS));
        commitPopularRow(store, 200);
        byte[] whole = written.get("popular");

        store.increment("popular", "item-7");
        store.increment("popular", "item-new");
        store.flushCache();

        assertThat(written.get("popular")).isEqualTo(whole);
        byte[] delta = written.get(CooccurrenceStore.deltaKey("popular"));
        assertThat(delta.length).isLessThan(whole.length / 20);
        assertThat(new CooccurrenceStore(written, 200, 3, CACHE_ROWS).cooccurring("popular"))
                .containsEntry("item-7", 2L).containsEntry("item-new", 2L).doesNotContainKey("item-0").hasSize(200);
    }

    @Test
    void shouldNotCountAnIdWithTheCharacterDeltaKeysReserve() {
        rows.increment("a", "b\u0000delta");
        rows.increment("a\u0000delta", "b");
        rows.incrementAll("a", List.of("c", "d\u0000"));
        rows.flushCache();

        assertThat(rows.cooccurring("a")).containsExactly(entry("c", 1L));
        assertThat(stored.get("a\u0000delta")).isNull();
    }

    @Test
    void shouldReadADeltaWhateverFormatItWritesAndReplaceItWithAWholeRow() {
        // Given a row written with a delta by a store of format 3
        KeyValueStore<String, byte[]> written = inMemory("back");
        CooccurrenceStore withDeltas = opened(new CooccurrenceStore(written, 200, 3, CACHE_ROWS));
        commitPopularRow(withDeltas, 20);
        withDeltas.increment("popular", "item-3");
        withDeltas.flushCache();
        assertThat(written.get(CooccurrenceStore.deltaKey("popular"))).isNotNull();

        // When a store of format 2 (set back for a rolling upgrade) reads it and counts once more
        CooccurrenceStore wholeRows = new CooccurrenceStore(written, 200, 2, CACHE_ROWS);
        assertThat(wholeRows.cooccurring("popular")).containsEntry("item-3", 2L).hasSize(20);
        wholeRows.increment("popular", "item-4");
        wholeRows.flushCache();

        // Then it writes the whole row and deletes the delta
        assertThat(written.get(CooccurrenceStore.deltaKey("popular"))).isNull();
        assertThat(CooccurrenceStore.decode(written.get("popular"))).containsEntry("item-3", 2L)
                .containsEntry("item-4", 2L).hasSize(20);
    }

    @Test
    void shouldKeepChangedRowsBeyondTheBoundUntilTheCommitWritesThem() {
        // Given more changed rows than the store keeps decoded
        for (int i = 0; i < 5; i++) {
            liked("item-" + i, "other");
        }

        // Then none is dropped before the commit: each is the only copy of its counts
        assertThat(rows.decodedRows()).isEqualTo(6);
        assertThat(stored.approximateNumEntries()).isZero();

        // When the task commits
        rows.flushCache();

        // Then every row is written, only the bound's worth stay decoded, and the others read back from the store
        assertThat(stored.approximateNumEntries()).isEqualTo(6);
        assertThat(rows.decodedRows()).isEqualTo(CACHE_ROWS);
        for (int i = 0; i < 5; i++) {
            assertThat(rows.cooccurring("item-" + i)).containsOnly(entry("other", 1L));
        }
        assertThat(rows.cooccurring("other")).containsExactly(entry("item-2", 1L), entry("item-3", 2L),
                entry("item-4", 2L)); // a row of three: item-3 and item-4 replaced item-0 and item-1
    }

    @Test
    void shouldSumRowsInItsArraysAsTheMapOfEachRowSumsThem() {
        // Given rows with committed and uncommitted counts, in more rows than are kept decoded
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 400; i++) {
            liked("liked-" + random.nextInt(6), "item-" + random.nextInt(9), "item-" + random.nextInt(9));
            if (i == 300) {
                rows.flushCache();
            }
        }
        ItemCooccurrenceByMaps byMaps = new ItemCooccurrenceByMaps(rows);
        List<String> recent = List.of("liked-3", "liked-0", "item-4", "liked-3", "never-liked");
        double[] divisors = {1.0, 3.0, Math.sqrt(7), 0.5, 2.0};

        // When both sum the same rows: the store in arrays by item key, the interface's default through row maps
        Map<String, Double> inArrays = new java.util.LinkedHashMap<>();
        Map<String, Integer> keys = new java.util.HashMap<>();
        Map<String, Long> seenHashes = new java.util.HashMap<>();
        rows.sumCooccurring(recent, divisors, (item, key, seenHash, sum) -> {
            inArrays.put(item, sum);
            keys.put(item, key);
            seenHashes.put(item, seenHash);
        });
        Map<String, Double> byRowMaps = new java.util.LinkedHashMap<>();
        Map<String, Long> byRowMapsHashes = new java.util.HashMap<>();
        byMaps.sumCooccurring(recent, divisors, (item, key, seenHash, sum) -> {
            byRowMaps.put(item, sum);
            byRowMapsHashes.put(item, seenHash);
        });

        // Then the same sums, to the last bit, in the same order; each item with its own key, kept across calls
        assertThat(inArrays).isNotEmpty().containsExactlyEntriesOf(byRowMaps);
        assertThat(seenHashes).isEqualTo(byRowMapsHashes); // each the id's SeenFilter hash
        assertThat(new java.util.HashSet<>(keys.values())).hasSameSizeAs(keys.values()).doesNotContain(-1);
        rows.sumCooccurring(List.of("liked-0"), new double[] {1.0},
                (item, key, seenHash, sum) -> assertThat(key).as(item).isEqualTo(keys.get(item)));
    }

    /** The rows' maps, summed by {@link dev.attune.streams.recommend.ItemCooccurrence}'s default. */
    private record ItemCooccurrenceByMaps(CooccurrenceStore rows) implements dev.attune.streams.recommend.ItemCooccurrence {
        @Override
        public Map<String, Long> cooccurring(String itemId) {
            return rows.cooccurring(itemId);
        }
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
