package dev.attune.streams.processor;

import dev.attune.streams.recommend.ItemCooccurrence;
import dev.attune.streams.topology.StoreNames;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The {@value StoreNames#ITEM_COOCCURRENCE} state store: item id to a bounded row of co-occurring item id to count,
 * in RocksDB with a changelog. A row keeps at most {@code topK} items by the space-saving rule
 * ({@link CooccurrenceRow#add}); its stored format is {@link CooccurrenceRow}'s.
 *
 * <p><b>Rows are kept decoded, and a changed row is written once per commit.</b> A positive click adds 2 x
 * {@code cooccurrence.window} pair counts; written one by one, each rewrote a row of up to {@code topK} entries in
 * the store and its changelog (measured: most of the app's CPU and the broker's). They change the decoded row in
 * memory instead, and every commit of the task writes each changed row once: Kafka Streams flushes the caches of its
 * stores before the transaction with the consumed offsets commits ({@link #flushCache}; {@link #flush}/{@link #commit}
 * only run at checkpoints and on close). That hook is Kafka Streams' internal {@link CachedStateStore} interface, the
 * one its own record caches use; {@code AttuneStreamsIT} checks on a real broker that a crash neither loses nor
 * double-counts an increment, so an upgrade that changes the hook fails there. A crash loses the changes together
 * with the uncommitted offsets: the clicks are replayed and counted again, once.
 *
 * <p><b>Deltas</b> ({@code cooccurrence.row.format} 3): a popular item's row (up to {@code topK} entries) changed at
 * nearly every commit, and rewriting it whole was half of all the bytes the app wrote (bench/RESULTS.md, 2026-12-01
 * late night). A commit now writes, under the key {@link #deltaKey}, what changed in the row since it was last
 * written whole ({@link CooccurrenceRow#encodeDelta}: cumulative, so a compacted changelog keeps what restoration
 * needs), while that is under a quarter of its entries; then the whole row again, and a tombstone for the delta. A
 * row read from the store is its row with its delta applied: the same entries in the same order as the row written
 * whole would hold.
 *
 * <p>Every refresh reads up to {@code cooccurrence.window} rows, so the {@code cacheRows} most recently used rows stay
 * decoded between commits (a changed row stays until the commit writes it, whatever the bound), their ids numbered
 * by {@link ItemKeys}: a refresh sums rows in arrays indexed by those numbers ({@link #sumCooccurring}) without
 * decoding a row, making a string of an id or looking one up in a hash map per entry.
 *
 * <p>Not a {@code KeyValueStore}: processors get this class itself from {@code getStateStore} (Kafka Streams
 * wraps only its own store types).
 */
public final class CooccurrenceStore implements StateStore, CachedStateStore<String, byte[]>, ItemCooccurrence {

    /** A delta is written while it carries under 1 / this of its row's entries; then the whole row. */
    private static final int MAX_DELTA_SHARE = 4;

    /** First byte of a row in the compact format (a row of the first format starts with 0: its entry count's top byte). */
    static final byte COMPACT_ROW = 2;

    /** Separates an item id from the suffix of its delta's key ({@link #deltaKey}). */
    private static final String DELTA_KEY_SUFFIX = "\u0000delta";

    private final KeyValueStore<String, byte[]> rows;
    private final int topK;
    private final boolean compact;
    private final boolean deltas;
    private final int cacheRows;
    private final ItemKeys itemKeys = new ItemKeys();
    /** Decoded rows by item id, least recently used first. */
    private final LinkedHashMap<String, CooccurrenceRow> decoded = new LinkedHashMap<>(64, 0.75f, true);
    /** Rows changed since the last commit. */
    private final Set<String> changed = new HashSet<>();
    /** {@link #sumCooccurring}'s sums by item key, valid where {@code sumEpochs} holds the current call's epoch. */
    private double[] sums = new double[0];
    private int[] sumEpochs = new int[0];
    private int epoch;
    /** Keys in the order the current sum met them. */
    private int[] met = new int[256];

    /** {@code rowFormat}: {@code cooccurrence.row.format} (1, 2, or 3: 2 with deltas). */
    CooccurrenceStore(KeyValueStore<String, byte[]> rows, int topK, int rowFormat, int cacheRows) {
        this.rows = rows;
        this.topK = topK;
        this.compact = rowFormat >= 2;
        this.deltas = rowFormat == 3;
        this.cacheRows = cacheRows;
    }

    /**
     * A RocksDB-backed, changelogged store of rows of at most {@code topK} items (caching is this class's own),
     * written in the compact format with deltas ({@code cooccurrence.row.format} 3), without (2) or in the first
     * format (1), keeping up to
     * {@code cacheRows} rows decoded ({@code cooccurrence.cache.rows}).
     */
    public static StoreBuilder<CooccurrenceStore> builder(String name, int topK, int rowFormat, int cacheRows) {
        if (rowFormat < 1 || rowFormat > 3) {
            throw new IllegalArgumentException("row format must be 1, 2 or 3, got " + rowFormat);
        }
        if (cacheRows < 1) {
            throw new IllegalArgumentException("rows kept decoded must be at least 1, got " + cacheRows);
        }
        return new Builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                Serdes.ByteArray()).withCachingDisabled(), topK, rowFormat, cacheRows);
    }

    /**
     * Adds one co-occurrence of {@code other} to {@code item}'s row (one direction only). An id with a NUL character
     * is not counted: the store's keys reserve it for deltas ({@link #deltaKey}).
     */
    public void increment(String item, String other) {
        if (reserved(item) || reserved(other)) {
            return;
        }
        changed.add(item); // first: a changed row is never dropped, not even by the read that decodes it
        row(item).add(itemKeys.keyOf(other), 1, topK);
    }

    /** Adds one co-occurrence of each of {@code others} to {@code item}'s row, in their order (as {@link #increment}). */
    public void incrementAll(String item, List<String> others) {
        if (others.isEmpty() || reserved(item)) {
            return;
        }
        changed.add(item);
        CooccurrenceRow row = row(item);
        for (String other : others) {
            if (!reserved(other)) {
                row.add(itemKeys.keyOf(other), 1, topK);
            }
        }
    }

    private static boolean reserved(String itemId) {
        return itemId.indexOf('\u0000') >= 0;
    }

    @Override
    public Map<String, Long> cooccurring(String itemId) {
        return row(itemId).toMap(itemKeys);
    }

    @Override
    public void forEachCooccurring(String itemId, ObjLongConsumer<String> action) {
        CooccurrenceRow row = row(itemId);
        for (int i = 0; i < row.size(); i++) {
            action.accept(itemKeys.id(row.key(i)), row.count(i));
        }
    }

    /** As {@link ItemCooccurrence#sumCooccurring}, in arrays indexed by the items' keys (passed to {@code action}). */
    @Override
    public void sumCooccurring(List<String> items, double[] divisors, CooccurringSum action) {
        int current = nextEpoch();
        int metCount = 0;
        for (int j = 0; j < items.size(); j++) {
            CooccurrenceRow row = row(items.get(j));
            growSums(itemKeys.size()); // reading the row may have numbered new items
            double divisor = divisors[j];
            for (int i = 0; i < row.size(); i++) {
                int key = row.key(i);
                double share = row.count(i) / divisor;
                if (sumEpochs[key] == current) {
                    sums[key] += share;
                } else {
                    sumEpochs[key] = current;
                    sums[key] = share;
                    if (metCount == met.length) {
                        met = Arrays.copyOf(met, 2 * metCount);
                    }
                    met[metCount++] = key;
                }
            }
        }
        for (int m = 0; m < metCount; m++) {
            int key = met[m];
            action.accept(itemKeys.id(key), key, itemKeys.seenHash(key), sums[key]);
        }
    }

    private int nextEpoch() {
        if (epoch == Integer.MAX_VALUE) {
            Arrays.fill(sumEpochs, 0);
            epoch = 0;
        }
        return ++epoch;
    }

    private void growSums(int keys) {
        if (keys > sums.length) {
            int capacity = Math.max(keys, 2 * sums.length);
            sums = Arrays.copyOf(sums, capacity);
            sumEpochs = Arrays.copyOf(sumEpochs, capacity);
        }
    }

    /** The item's row, decoded: kept from an earlier read or change, or read from the store (null there: empty). */
    private CooccurrenceRow row(String itemId) {
        CooccurrenceRow row = decoded.get(itemId);
        if (row == null) {
            row = CooccurrenceRow.decode(rows.get(itemId), itemKeys);
            byte[] delta = rows.get(deltaKey(itemId)); // whatever this release writes: rows of every format are read
            if (delta != null) {
                row.applyDelta(delta, itemKeys);
            }
            decoded.put(itemId, row);
            trim();
        }
        return row;
    }

    /** The key of the item's delta: beside its row, never a counted item's id (those have no NUL character). */
    static String deltaKey(String itemId) {
        return itemId + DELTA_KEY_SUFFIX;
    }

    /**
     * Drops the least recently used unchanged rows beyond {@code cacheRows}; changed rows wait for the commit. Every
     * changed row is decoded, so when all decoded rows are changed ones (more than the bound changed within a commit
     * interval) there is nothing to drop and no scan past them.
     */
    private void trim() {
        Iterator<String> eldest = decoded.keySet().iterator();
        while (decoded.size() > cacheRows && decoded.size() > changed.size() && eldest.hasNext()) {
            if (!changed.contains(eldest.next())) {
                eldest.remove();
            }
        }
    }

    /** Rows with changes waiting for the next commit (for tests). */
    int pendingRows() {
        return changed.size();
    }

    /** Rows kept decoded (for tests). */
    int decodedRows() {
        return decoded.size();
    }

    /**
     * Writes every changed row, once each: with deltas ({@code cooccurrence.row.format} 3), what changed since the row
     * was last written whole while that is under a quarter of its entries, else the whole row (and the delta, if any,
     * deleted).
     */
    private void writePending() {
        for (String item : changed) {
            CooccurrenceRow row = decoded.get(item);
            if (deltas && row.based() && MAX_DELTA_SHARE * row.deltaEntries() < row.size()) {
                rows.put(deltaKey(item), row.encodeDelta(itemKeys));
                row.wroteDelta();
                continue;
            }
            rows.put(item, row.encode(itemKeys, compact));
            if (row.hasDelta()) {
                rows.delete(deltaKey(item));
            }
            row.wrote();
        }
        changed.clear();
        trim();
    }

    /** Drops what was not committed: changed rows, and the decoded rows with them (the store may be restored anew). */
    private void dropDecoded() {
        decoded.clear();
        changed.clear();
    }

    // --- CachedStateStore: the per-commit hook; the decoded rows are not a cache of records to forward downstream ---

    @Override
    public boolean setFlushListener(CacheFlushListener<String, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void flushCache() {
        writePending();
    }

    /**
     * A task closed dirty (or revived) drops what it had not committed; its input is consumed again. Kafka Streams
     * also calls this when it recycles a task between active and standby, after which restoration writes to the rows
     * beneath this class: the decoded rows go too.
     */
    @Override
    public void clearCache() {
        dropDecoded();
    }

    // --- StateStore: the RocksDB store underneath registers, restores and logs; commits write the buffer first ---

    @Override
    public String name() {
        return rows.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        dropDecoded(); // restoration writes to the rows underneath
        rows.init(context, root);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        writePending();
        rows.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writePending();
        rows.commit(changelogOffsets);
    }

    @Override
    public boolean managesOffsets() {
        return rows.managesOffsets();
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return rows.committedOffset(partition);
    }

    @Override
    public void close() {
        dropDecoded(); // a clean close commits first; after a failure the offsets were not committed either
        rows.close();
    }

    @Override
    public boolean persistent() {
        return rows.persistent();
    }

    @Override
    public boolean isOpen() {
        return rows.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return rows.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return rows.getPosition();
    }

    /** A stored row, decoded (also for tools and tests reading the changelog). */
    public static Map<String, Long> decode(byte[] bytes) {
        return decode(bytes, null);
    }

    /** A stored row with its stored delta (null: none) applied, decoded. */
    public static Map<String, Long> decode(byte[] row, byte[] delta) {
        ItemKeys keys = new ItemKeys();
        CooccurrenceRow decoded = CooccurrenceRow.decode(row, keys);
        if (delta != null) {
            decoded.applyDelta(delta, keys);
        }
        return decoded.toMap(keys);
    }

    /**
     * Every row of a store's records (its changelog's latest per key, or a query of every key), each with its delta
     * applied: item id to co-occurring item id to count, in row order (for tools and tests).
     */
    public static Map<String, Map<String, Long>> decodeAll(Map<String, byte[]> records) {
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        records.forEach((key, value) -> {
            if (!key.endsWith(DELTA_KEY_SUFFIX)) {
                rows.put(key, decode(value, records.get(deltaKey(key))));
            }
        });
        return rows;
    }

    /** The stored row with {@code n} more co-occurrences of {@code id} in the compact format (for tests). */
    static byte[] increment(byte[] row, String id, long n, int topK) {
        ItemKeys keys = new ItemKeys();
        CooccurrenceRow decoded = CooccurrenceRow.decode(row, keys);
        decoded.add(keys.keyOf(id), n, topK);
        return decoded.encode(keys, true);
    }

    /** Builds the store around a RocksDB key-value store; logging settings go to that store, caching is refused. */
    private static final class Builder implements StoreBuilder<CooccurrenceStore> {
        private final StoreBuilder<KeyValueStore<String, byte[]>> rows;
        private final int topK;
        private final int rowFormat;
        private final int cacheRows;

        Builder(StoreBuilder<KeyValueStore<String, byte[]>> rows, int topK, int rowFormat, int cacheRows) {
            this.rows = rows;
            this.topK = topK;
            this.rowFormat = rowFormat;
            this.cacheRows = cacheRows;
        }

        @Override
        public StoreBuilder<CooccurrenceStore> withCachingEnabled() {
            throw new UnsupportedOperationException(name() + " buffers its increments itself until each commit");
        }

        @Override
        public StoreBuilder<CooccurrenceStore> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<CooccurrenceStore> withLoggingEnabled(Map<String, String> config) {
            rows.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<CooccurrenceStore> withLoggingDisabled() {
            rows.withLoggingDisabled();
            return this;
        }

        @Override
        public CooccurrenceStore build() {
            return new CooccurrenceStore(rows.build(), topK, rowFormat, cacheRows);
        }

        @Override
        public Map<String, String> logConfig() {
            return rows.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return rows.loggingEnabled();
        }

        @Override
        public String name() {
            return rows.name();
        }
    }
}
