package dev.attune.streams.processor;

import dev.attune.streams.recommend.ItemCooccurrence;
import dev.attune.streams.topology.StoreNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.ByteUtils;
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
 * in RocksDB with a changelog. A row keeps at most {@code topK} items by the space-saving rule: when full, a new
 * item replaces the least counted one and starts at that count + its increment, so an item that keeps
 * co-occurring can still enter a full row and the most frequent ones are kept (their counts overestimated by at
 * most the evicted count).
 *
 * <p><b>Increments are buffered until the task commits.</b> A positive click adds 2 x {@code cooccurrence.window}
 * pair counts; written one by one, each rewrote a row of up to {@code topK} entries in the store and its
 * changelog (measured: most of the app's CPU and the broker's). They are summed in memory per row instead, and
 * every commit of the task writes each touched row once: Kafka Streams flushes the caches of its stores before the
 * transaction with the consumed offsets commits ({@link #flushCache}; {@link #flush}/{@link #commit} only run at
 * checkpoints and on close). That hook is Kafka Streams' internal {@link CachedStateStore} interface, the one its
 * own record caches use; {@code AttuneStreamsIT} checks on a real broker that a crash neither loses nor
 * double-counts an increment, so an upgrade that changes the hook fails there. Reads merge the buffered increments, so nothing is read stale. A crash
 * loses the buffer together with the uncommitted offsets: the clicks are replayed and counted again, once.
 *
 * <p>Row format (not Avro: the row is private to this store and read on every refresh, so it stays small and
 * free of registry lookups): the byte {@value #COMPACT_ROW}, the entry count as an unsigned varint, then per entry
 * the id's UTF-8 length (unsigned varint), the id and its count (zig-zag varlong; Kafka's own record encoding,
 * {@link ByteUtils}). A click's 2 x {@code cooccurrence.window} increments touch up to {@code window + 1} rows,
 * each rewritten whole at the next commit, in RocksDB and the changelog, so row bytes are most of what the app
 * writes: about 8 bytes an entry for short ids, where the first format (still read; it begins with a zero byte)
 * took 15: a 4-byte entry count, then per entry a 2-byte id length, the id and an 8-byte count, all big-endian.
 *
 * <p>Not a {@code KeyValueStore}: processors get this class itself from {@code getStateStore} (Kafka Streams
 * wraps only its own store types).
 */
public final class CooccurrenceStore implements StateStore, CachedStateStore<String, byte[]>, ItemCooccurrence {

    /** First byte of a row in the compact format (a row of the first format starts with 0: its entry count's top byte). */
    static final byte COMPACT_ROW = 2;

    private final KeyValueStore<String, byte[]> rows;
    private final int topK;
    private final boolean compact;
    /** Increments since the last commit: item to (co-occurring item to count), in arrival order. */
    private final Map<String, Map<String, Long>> pending = new HashMap<>();

    CooccurrenceStore(KeyValueStore<String, byte[]> rows, int topK, boolean compact) {
        this.rows = rows;
        this.topK = topK;
        this.compact = compact;
    }

    /**
     * A RocksDB-backed, changelogged store of rows of at most {@code topK} items (caching is this class's own),
     * written in the compact format ({@code cooccurrence.row.format} 2) or the first one (1).
     */
    public static StoreBuilder<CooccurrenceStore> builder(String name, int topK, int rowFormat) {
        if (rowFormat != 1 && rowFormat != 2) {
            throw new IllegalArgumentException("row format must be 1 or 2, got " + rowFormat);
        }
        return new Builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                Serdes.ByteArray()).withCachingDisabled(), topK, rowFormat == 2);
    }

    /** Adds one co-occurrence of {@code other} to {@code item}'s row (one direction only). */
    public void increment(String item, String other) {
        pending.computeIfAbsent(item, k -> new LinkedHashMap<>()).merge(other, 1L, Long::sum);
    }

    /** Adds one co-occurrence of each of {@code others} to {@code item}'s row. */
    public void incrementAll(String item, List<String> others) {
        if (others.isEmpty()) {
            return;
        }
        Map<String, Long> row = pending.computeIfAbsent(item, k -> new LinkedHashMap<>());
        for (String other : others) {
            row.merge(other, 1L, Long::sum);
        }
    }

    @Override
    public Map<String, Long> cooccurring(String itemId) {
        byte[] stored = rows.get(itemId);
        Map<String, Long> increments = pending.get(itemId);
        if (increments == null) {
            return stored == null ? new LinkedHashMap<>() : decode(stored);
        }
        return updated(stored, increments, topK).toMap(); // as the next commit will write it, without encoding it
    }

    /** As {@link #cooccurring}, entry by entry: a stored row without increments is read straight from its bytes. */
    @Override
    public void forEachCooccurring(String itemId, ObjLongConsumer<String> action) {
        byte[] stored = rows.get(itemId);
        Map<String, Long> increments = pending.get(itemId);
        if (increments != null) {
            updated(stored, increments, topK).forEach(action);
        } else if (stored != null) {
            RowReader in = new RowReader(stored);
            for (int i = 0; i < in.entries(); i++) {
                int length = in.nextIdLength();
                String id = new String(stored, in.skipId(length), length, StandardCharsets.UTF_8);
                action.accept(id, in.nextCount());
            }
        }
    }

    /** Rows with increments waiting for the next commit (for tests). */
    int pendingRows() {
        return pending.size();
    }

    /** Writes every row with buffered increments, once each. */
    private void writePending() {
        for (Map.Entry<String, Map<String, Long>> row : pending.entrySet()) {
            rows.put(row.getKey(), apply(rows.get(row.getKey()), row.getValue(), topK, compact));
        }
        pending.clear();
    }

    /**
     * The row with {@code increments} added in their order, each by the space-saving rule. The row is decoded once,
     * updated in arrays and encoded once: done on the stored bytes, each increment scanned and copied the whole row
     * (a positive click makes 2 x {@code cooccurrence.window} of them; that was most of a commit's time).
     */
    static byte[] apply(byte[] row, Map<String, Long> increments, int topK, boolean compact) {
        Row decoded = updated(row, increments, topK);
        return compact ? decoded.encode() : decoded.encodeFirstFormat();
    }

    private static Row updated(byte[] row, Map<String, Long> increments, int topK) {
        Row decoded = Row.of(row);
        for (Map.Entry<String, Long> e : increments.entrySet()) {
            decoded.add(e.getKey(), e.getValue(), topK);
        }
        return decoded;
    }

    // --- CachedStateStore: the per-commit hook; the buffer is not a cache of records to forward downstream ---

    @Override
    public boolean setFlushListener(CacheFlushListener<String, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void flushCache() {
        writePending();
    }

    /** A task closed dirty (or revived) drops what it had not committed; its input is consumed again. */
    @Override
    public void clearCache() {
        pending.clear();
    }

    // --- StateStore: the RocksDB store underneath registers, restores and logs; commits write the buffer first ---

    @Override
    public String name() {
        return rows.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
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
        pending.clear(); // a clean close commits first; after a failure the offsets were not committed either
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

    /** The row with {@code n} more co-occurrences of {@code id} (one increment of {@link #apply}). */
    static byte[] increment(byte[] row, String id, long n, int topK) {
        return apply(row, Map.of(id, n), topK, true);
    }

    /**
     * A row being updated: entries in stored order, each id as UTF-8 bytes (a slice of the stored row, or of an
     * increment's id), its hash (compared first) and its count. Ids never become strings: a row is read and written
     * whole for a few increments, and decoding and re-encoding its ids was most of that.
     */
    private static final class Row {
        private byte[][] arrays;
        private int[] offsets;
        private int[] lengths;
        private int[] hashes;
        private long[] counts;
        private int size;

        private Row(int capacity) {
            arrays = new byte[capacity][];
            offsets = new int[capacity];
            lengths = new int[capacity];
            hashes = new int[capacity];
            counts = new long[capacity];
        }

        static Row of(byte[] bytes) {
            if (bytes == null) {
                return new Row(16);
            }
            RowReader in = new RowReader(bytes);
            Row row = new Row(in.entries() + 16);
            for (int i = 0; i < in.entries(); i++) {
                int length = in.nextIdLength();
                row.append(bytes, in.skipId(length), length, in.nextCount());
            }
            return row;
        }

        /** The space-saving rule: add to the id's count; or append it; or, when full, it replaces the least counted. */
        void add(String id, long n, int topK) {
            byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
            int hash = hash(utf8, 0, utf8.length);
            int least = -1;
            for (int i = 0; i < size; i++) {
                if (hashes[i] == hash && Arrays.equals(arrays[i], offsets[i], offsets[i] + lengths[i], utf8, 0, utf8.length)) {
                    counts[i] += n;
                    return;
                }
                if (least < 0 || counts[i] < counts[least]) {
                    least = i; // the first of the least counted
                }
            }
            if (size < topK) {
                append(utf8, 0, utf8.length, n);
                return;
            }
            // full: the least counted leaves, the new item enters last at its count + n
            long inherited = counts[least];
            int after = size - least - 1;
            System.arraycopy(arrays, least + 1, arrays, least, after);
            System.arraycopy(offsets, least + 1, offsets, least, after);
            System.arraycopy(lengths, least + 1, lengths, least, after);
            System.arraycopy(hashes, least + 1, hashes, least, after);
            System.arraycopy(counts, least + 1, counts, least, after);
            size--;
            append(utf8, 0, utf8.length, inherited + n);
        }

        private void append(byte[] array, int offset, int length, long count) {
            if (size == arrays.length) {
                int capacity = Math.max(16, 2 * size);
                arrays = Arrays.copyOf(arrays, capacity);
                offsets = Arrays.copyOf(offsets, capacity);
                lengths = Arrays.copyOf(lengths, capacity);
                hashes = Arrays.copyOf(hashes, capacity);
                counts = Arrays.copyOf(counts, capacity);
            }
            arrays[size] = array;
            offsets[size] = offset;
            lengths[size] = length;
            hashes[size] = hash(array, offset, length);
            counts[size] = count;
            size++;
        }

        private static int hash(byte[] array, int offset, int length) {
            int h = 1;
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + array[i];
            }
            return h;
        }

        /** Each item id and its count, in stored order. */
        void forEach(ObjLongConsumer<String> action) {
            for (int i = 0; i < size; i++) {
                action.accept(new String(arrays[i], offsets[i], lengths[i], StandardCharsets.UTF_8), counts[i]);
            }
        }

        /** Item id to count, in stored order. */
        Map<String, Long> toMap() {
            Map<String, Long> map = new LinkedHashMap<>(2 * size);
            for (int i = 0; i < size; i++) {
                map.put(new String(arrays[i], offsets[i], lengths[i], StandardCharsets.UTF_8), counts[i]);
            }
            return map;
        }

        byte[] encode() {
            int length = 1 + ByteUtils.sizeOfUnsignedVarint(size);
            for (int i = 0; i < size; i++) {
                length += ByteUtils.sizeOfUnsignedVarint(lengths[i]) + lengths[i] + ByteUtils.sizeOfVarlong(counts[i]);
            }
            ByteBuffer out = ByteBuffer.allocate(length).put(COMPACT_ROW);
            ByteUtils.writeUnsignedVarint(size, out);
            for (int i = 0; i < size; i++) {
                ByteUtils.writeUnsignedVarint(lengths[i], out);
                out.put(arrays[i], offsets[i], lengths[i]);
                ByteUtils.writeVarlong(counts[i], out);
            }
            return out.array();
        }

        /** The first format, for readers of releases before the compact one ({@code cooccurrence.row.format=1}). */
        byte[] encodeFirstFormat() {
            int length = Integer.BYTES;
            for (int i = 0; i < size; i++) {
                length += Short.BYTES + lengths[i] + Long.BYTES;
            }
            ByteBuffer out = ByteBuffer.allocate(length).putInt(size);
            for (int i = 0; i < size; i++) {
                out.putShort((short) lengths[i]).put(arrays[i], offsets[i], lengths[i]).putLong(counts[i]);
            }
            return out.array();
        }
    }

    /** Reads a stored row of either format, entry by entry: an id's length, then the id, then its count. */
    private static final class RowReader {
        private final ByteBuffer in;
        private final boolean compact;
        private final int entries;

        RowReader(byte[] bytes) {
            this.in = ByteBuffer.wrap(bytes);
            this.compact = bytes[0] == COMPACT_ROW;
            if (compact) {
                in.get();
                entries = ByteUtils.readUnsignedVarint(in);
            } else {
                entries = in.getInt();
            }
        }

        int entries() {
            return entries;
        }

        int nextIdLength() {
            return compact ? ByteUtils.readUnsignedVarint(in) : Short.toUnsignedInt(in.getShort());
        }

        /** Steps over the id of {@code length} bytes; returns where it starts. */
        int skipId(int length) {
            int at = in.position();
            in.position(at + length);
            return at;
        }

        long nextCount() {
            return compact ? ByteUtils.readVarlong(in) : in.getLong();
        }
    }

    /** A stored row, decoded (also for tools and tests reading the changelog). */
    public static Map<String, Long> decode(byte[] bytes) {
        return Row.of(bytes).toMap();
    }

    /** Builds the store around a RocksDB key-value store; logging settings go to that store, caching is refused. */
    private static final class Builder implements StoreBuilder<CooccurrenceStore> {
        private final StoreBuilder<KeyValueStore<String, byte[]>> rows;
        private final int topK;
        private final boolean compact;

        Builder(StoreBuilder<KeyValueStore<String, byte[]>> rows, int topK, boolean compact) {
            this.rows = rows;
            this.topK = topK;
            this.compact = compact;
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
            return new CooccurrenceStore(rows.build(), topK, compact);
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
