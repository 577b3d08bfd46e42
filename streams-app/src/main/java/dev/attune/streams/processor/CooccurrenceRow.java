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
 * increments touch up to {@code window + 1} rows, each rewritten whole at the next commit, in RocksDB and the
 * changelog, so row bytes are most of what the app writes. The first format (still read; it begins with a
 * zero byte) took 15: a 4-byte entry count, then per entry a 2-byte id length, the id and an 8-byte count, all
 * big-endian.
 */
final class CooccurrenceRow {

    private int[] keys;
    private long[] counts;
    private int size;

    private CooccurrenceRow(int capacity) {
        keys = new int[capacity];
        counts = new long[capacity];
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
            int length = compact ? ByteUtils.readUnsignedVarint(in) : Short.toUnsignedInt(in.getShort());
            int at = in.position();
            in.position(at + length);
            row.append(itemKeys.keyOf(stored, at, length), compact ? ByteUtils.readVarlong(in) : in.getLong());
        }
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
        int after = size - least - 1;
        System.arraycopy(keys, least + 1, keys, least, after);
        System.arraycopy(counts, least + 1, counts, least, after);
        size--;
        append(key, inherited + n);
    }

    private void append(int key, long count) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, 2 * size);
            counts = Arrays.copyOf(counts, 2 * size);
        }
        keys[size] = key;
        counts[size] = count;
        size++;
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
            int idLength = itemKeys.utf8(keys[i]).length;
            length += ByteUtils.sizeOfUnsignedVarint(idLength) + idLength + ByteUtils.sizeOfVarlong(counts[i]);
        }
        ByteBuffer out = ByteBuffer.allocate(length).put(CooccurrenceStore.COMPACT_ROW);
        ByteUtils.writeUnsignedVarint(size, out);
        for (int i = 0; i < size; i++) {
            byte[] id = itemKeys.utf8(keys[i]);
            ByteUtils.writeUnsignedVarint(id.length, out);
            out.put(id);
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
