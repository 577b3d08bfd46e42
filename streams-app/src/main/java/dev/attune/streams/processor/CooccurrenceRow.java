package dev.attune.streams.processor;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * One item's row of the co-occurrence store, decoded: co-occurring items as {@link ItemKeys} keys with their counts,
 * in stored order, at most {@code topK} of them by the space-saving rule ({@link #add}). Rows are read by every
 * refresh and changed by every positive click; the store keeps the recently used ones decoded and encodes a changed
 * one once per commit ({@link CooccurrenceStore}).
 *
 * <p>Stored format (not Avro: the row is private to its store and read on every refresh, so it stays small and free
 * of registry lookups): the byte {@value CooccurrenceStore#COMPACT_ROW}, the entry count as an unsigned varint, then
 * per entry the id's UTF-8 length (unsigned varint), the id and its count (zig-zag varlong; Kafka's own record
 * encoding, {@link ByteUtils}): about 8 bytes an entry for short ids. A click's 2 x {@code cooccurrence.window}
 * increments touch up to {@code window + 1} rows, each written at the next commit, in RocksDB and the changelog:
 * whole, or as a delta of what changed since ({@link #encodeDelta}). The first format (still read; it begins with a
 * zero byte) took 15: a 4-byte entry count, then per entry a 2-byte id length, the id and an 8-byte count, all
 * big-endian.
 */
final class CooccurrenceRow {

    /** First byte of a delta ({@link #encodeDelta}); a whole row starts with 0 or {@code COMPACT_ROW} (2). */
    static final byte DELTA = 3;

    private static final int[] NONE = new int[0];

    private int[] keys;
    private long[] counts;
    private int size;

    // What changed since the row was last written whole (its base), so that a commit can write only that (a delta;
    // CooccurrenceStore). The space-saving rule changes counts in place, evicts and appends: entries [0, baseCount)
    // are the base's still here, in the base's order; entries after them were appended since, in order.
    /** Whether the store holds a whole row for this item (a delta needs one to apply to), and a delta for it. */
    private boolean based;
    private boolean hasDelta;
    private int baseCount;
    /** Per base entry: its count changed since the base. */
    private boolean[] changed;
    private int changedCount;
    /** Base entries evicted since the base, as keys. */
    private int[] evicted = NONE;
    private int evictedCount;

    private CooccurrenceRow(int capacity) {
        keys = new int[capacity];
        counts = new long[capacity];
        changed = new boolean[capacity];
    }

    /** The stored row (null: none yet, an empty row), its ids numbered by {@code itemKeys}. */
    static CooccurrenceRow decode(byte[] stored, ItemKeys itemKeys) {
        if (stored == null) {
            return new CooccurrenceRow(8);
        }
        ByteBuffer in = ByteBuffer.wrap(stored);
        boolean compact = stored[0] == CooccurrenceStore.COMPACT_ROW;
        int entries;
        if (compact) {
            in.get();
            entries = ByteUtils.readUnsignedVarint(in);
        } else {
            entries = in.getInt();
        }
        CooccurrenceRow row = new CooccurrenceRow(Math.max(8, entries));
        for (int i = 0; i < entries; i++) {
            if (compact) {
                int key = readId(in, stored, itemKeys);
                row.append(key, ByteUtils.readVarlong(in));
            } else {
                int length = Short.toUnsignedInt(in.getShort());
                int at = in.position();
                in.position(at + length);
                row.append(itemKeys.keyOf(stored, at, length), in.getLong());
            }
        }
        row.wrote();
        return row;
    }

    int size() {
        return size;
    }

    /** The item of the {@code i}-th entry, as an {@link ItemKeys} key. */
    int key(int i) {
        return keys[i];
    }

    long count(int i) {
        return counts[i];
    }

    /**
     * The space-saving rule: add {@code n} to the item's count; or append it; or, when the row holds {@code topK}
     * items, the first of the least counted leaves and the new item enters last at that count + {@code n}, so an
     * item that keeps co-occurring can still enter a full row and the most frequent ones are kept (their counts
     * overestimated by at most the evicted count).
     */
    void add(int key, long n, int topK) {
        int least = -1;
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                counts[i] += n;
                markChanged(i);
                return;
            }
            if (least < 0 || counts[i] < counts[least]) {
                least = i;
            }
        }
        if (size < topK) {
            append(key, n);
            return;
        }
        long inherited = counts[least];
        remove(least);
        append(key, inherited + n);
    }

    private void markChanged(int i) {
        if (i < baseCount && !changed[i]) {
            changed[i] = true;
            changedCount++;
        }
    }

    private void remove(int i) {
        if (i < baseCount) {
            if (evictedCount == evicted.length) {
                evicted = Arrays.copyOf(evicted, Math.max(8, 2 * evictedCount));
            }
            evicted[evictedCount++] = keys[i];
            if (changed[i]) {
                changedCount--;
            }
            baseCount--;
        }
        int after = size - i - 1;
        System.arraycopy(keys, i + 1, keys, i, after);
        System.arraycopy(counts, i + 1, counts, i, after);
        System.arraycopy(changed, i + 1, changed, i, after);
        size--;
        changed[size] = false;
    }

    private void append(int key, long count) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, 2 * size);
            counts = Arrays.copyOf(counts, 2 * size);
            changed = Arrays.copyOf(changed, 2 * size);
        }
        keys[size] = key;
        counts[size] = count;
        changed[size] = false;
        size++;
    }

    /** The row was just written whole (or read): it is the base now, nothing changed since. */
    void wrote() {
        based = true;
        hasDelta = false;
        baseCount = size;
        Arrays.fill(changed, 0, size, false);
        changedCount = 0;
        evictedCount = 0;
    }

    /** Whether the store holds a whole row a {@link #encodeDelta delta} applies to. */
    boolean based() {
        return based;
    }

    /** Whether the store holds a delta for this row (written, or read with it). */
    boolean hasDelta() {
        return hasDelta;
    }

    /** The store wrote {@link #encodeDelta} beside the base. */
    void wroteDelta() {
        hasDelta = true;
    }

    /** Entries a delta would carry now: base entries changed or evicted, and entries appended, since the base. */
    int deltaEntries() {
        return changedCount + evictedCount + (size - baseCount);
    }

    /**
     * What changed since the base, cumulative (so a compacted changelog needs only its latest delta): the byte
     * {@value #DELTA}; the evicted base items (count, then each as a UTF-8 length and bytes, as in a row); the changed
     * base entries, in row order, with their counts now; the appended entries, in row order, with their counts.
     * {@link #applyDelta} on the base gives this row, order included.
     */
    byte[] encodeDelta(ItemKeys itemKeys) {
        int appended = size - baseCount;
        int length = 1 + ByteUtils.sizeOfUnsignedVarint(evictedCount) + ByteUtils.sizeOfUnsignedVarint(changedCount)
                + ByteUtils.sizeOfUnsignedVarint(appended);
        for (int e = 0; e < evictedCount; e++) {
            length += idSize(itemKeys, evicted[e]);
        }
        for (int i = 0; i < size; i++) {
            if (i >= baseCount || changed[i]) {
                length += idSize(itemKeys, keys[i]) + ByteUtils.sizeOfVarlong(counts[i]);
            }
        }
        ByteBuffer out = ByteBuffer.allocate(length).put(DELTA);
        ByteUtils.writeUnsignedVarint(evictedCount, out);
        for (int e = 0; e < evictedCount; e++) {
            putId(out, itemKeys, evicted[e]);
        }
        ByteUtils.writeUnsignedVarint(changedCount, out);
        for (int i = 0; i < baseCount; i++) {
            if (changed[i]) {
                putId(out, itemKeys, keys[i]);
                ByteUtils.writeVarlong(counts[i], out);
            }
        }
        ByteUtils.writeUnsignedVarint(appended, out);
        for (int i = baseCount; i < size; i++) {
            putId(out, itemKeys, keys[i]);
            ByteUtils.writeVarlong(counts[i], out);
        }
        return out.array();
    }

    /** Applies a {@link #encodeDelta delta} to this row, decoded from its base; what it carries stays pending. */
    void applyDelta(byte[] delta, ItemKeys itemKeys) {
        ByteBuffer in = ByteBuffer.wrap(delta);
        if (in.get() != DELTA) {
            throw new IllegalStateException("not a co-occurrence row delta");
        }
        hasDelta = true;
        for (int e = ByteUtils.readUnsignedVarint(in); e > 0; e--) {
            int i = indexOf(readId(in, delta, itemKeys), baseCount);
            if (i >= 0) {
                remove(i);
            }
        }
        for (int c = ByteUtils.readUnsignedVarint(in); c > 0; c--) {
            int i = indexOf(readId(in, delta, itemKeys), baseCount);
            long count = ByteUtils.readVarlong(in);
            if (i >= 0) {
                counts[i] = count;
                markChanged(i);
            }
        }
        for (int a = ByteUtils.readUnsignedVarint(in); a > 0; a--) {
            int key = readId(in, delta, itemKeys);
            append(key, ByteUtils.readVarlong(in));
        }
    }

    private int indexOf(int key, int end) {
        for (int i = 0; i < end; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    private static int idSize(ItemKeys itemKeys, int key) {
        int length = itemKeys.utf8(key).length;
        return ByteUtils.sizeOfUnsignedVarint(length) + length;
    }

    private static void putId(ByteBuffer out, ItemKeys itemKeys, int key) {
        byte[] id = itemKeys.utf8(key);
        ByteUtils.writeUnsignedVarint(id.length, out);
        out.put(id);
    }

    private static int readId(ByteBuffer in, byte[] bytes, ItemKeys itemKeys) {
        int length = ByteUtils.readUnsignedVarint(in);
        int at = in.position();
        in.position(at + length);
        return itemKeys.keyOf(bytes, at, length);
    }

    /** Item id to count, in stored order. */
    Map<String, Long> toMap(ItemKeys itemKeys) {
        Map<String, Long> map = new LinkedHashMap<>(2 * size);
        for (int i = 0; i < size; i++) {
            map.put(itemKeys.id(keys[i]), counts[i]);
        }
        return map;
    }

    /** The row's bytes in the compact format, or the first one for readers of releases before it. */
    byte[] encode(ItemKeys itemKeys, boolean compact) {
        return compact ? encodeCompact(itemKeys) : encodeFirstFormat(itemKeys);
    }

    private byte[] encodeCompact(ItemKeys itemKeys) {
        int length = 1 + ByteUtils.sizeOfUnsignedVarint(size);
        for (int i = 0; i < size; i++) {
            length += idSize(itemKeys, keys[i]) + ByteUtils.sizeOfVarlong(counts[i]);
        }
        ByteBuffer out = ByteBuffer.allocate(length).put(CooccurrenceStore.COMPACT_ROW);
        ByteUtils.writeUnsignedVarint(size, out);
        for (int i = 0; i < size; i++) {
            putId(out, itemKeys, keys[i]);
            ByteUtils.writeVarlong(counts[i], out);
        }
        return out.array();
    }

    private byte[] encodeFirstFormat(ItemKeys itemKeys) {
        int length = Integer.BYTES;
        for (int i = 0; i < size; i++) {
            length += Short.BYTES + itemKeys.utf8(keys[i]).length + Long.BYTES;
        }
        ByteBuffer out = ByteBuffer.allocate(length).putInt(size);
        for (int i = 0; i < size; i++) {
            byte[] id = itemKeys.utf8(keys[i]);
            out.putShort((short) id.length).put(id).putLong(counts[i]);
        }
        return out.array();
    }
}
