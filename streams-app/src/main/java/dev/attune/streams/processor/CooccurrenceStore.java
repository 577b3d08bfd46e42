package dev.attune.streams.processor;

import dev.attune.streams.recommend.ItemCooccurrence;
import dev.attune.streams.topology.StoreNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Item co-occurrence rows in {@value StoreNames#ITEM_COOCCURRENCE} (changelogged): item id to a bounded map of
 * co-occurring item id to count. A row keeps at most {@code topK} items by the space-saving rule: when full, a
 * new item replaces the least counted one and starts at that count + 1, so an item that keeps co-occurring
 * can still enter a full row and the most frequent ones are kept (their counts overestimated by at most the
 * evicted count).
 *
 * <p>Row format (not Avro: the row is private to this store and read on every refresh, so it stays small and
 * free of registry lookups): a 4-byte entry count, then per entry a 2-byte id length, the id in UTF-8 and an
 * 8-byte count, all big-endian.
 */
public final class CooccurrenceStore implements ItemCooccurrence {

    private final KeyValueStore<String, byte[]> rows;
    private final int topK;

    public CooccurrenceStore(KeyValueStore<String, byte[]> rows, int topK) {
        this.rows = rows;
        this.topK = topK;
    }

    /** The rows read-only (a refresher reads them; it never counts). */
    public static ItemCooccurrence reader(KeyValueStore<String, byte[]> rows) {
        return itemId -> {
            byte[] stored = rows.get(itemId);
            return stored == null ? Map.of() : decode(stored);
        };
    }

    /** Adds one co-occurrence of {@code other} to {@code item}'s row (one direction only). */
    public void increment(String item, String other) {
        byte[] stored = rows.get(item);
        rows.put(item, increment(stored, other.getBytes(StandardCharsets.UTF_8), topK));
    }

    /** Adds one co-occurrence of each of {@code others} to {@code item}'s row: one read and one write of the row. */
    public void incrementAll(String item, List<String> others) {
        if (others.isEmpty()) {
            return;
        }
        byte[] row = rows.get(item);
        for (String other : others) {
            row = increment(row, other.getBytes(StandardCharsets.UTF_8), topK);
        }
        rows.put(item, row);
    }

    /**
     * The row with one more co-occurrence of {@code id}, worked on the stored bytes: no map and no strings per
     * entry (a click updates up to 2 x {@code cooccurrence.window} rows of up to {@code topK} entries).
     */
    static byte[] increment(byte[] row, byte[] id, int topK) {
        if (row == null) {
            return ByteBuffer.allocate(Integer.BYTES + Short.BYTES + id.length + Long.BYTES)
                    .putInt(1).putShort((short) id.length).put(id).putLong(1).array();
        }
        ByteBuffer in = ByteBuffer.wrap(row);
        int n = in.getInt();
        int least = -1;
        int leastEnd = -1;
        long leastCount = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int start = in.position();
            int length = Short.toUnsignedInt(in.getShort());
            int idAt = in.position();
            int countAt = idAt + length;
            long count = in.getLong(countAt);
            if (Arrays.equals(row, idAt, countAt, id, 0, id.length)) {
                byte[] out = row.clone();
                ByteBuffer.wrap(out).putLong(countAt, count + 1);
                return out;
            }
            if (count < leastCount) {
                leastCount = count;
                least = start;
                leastEnd = countAt + Long.BYTES;
            }
            in.position(countAt + Long.BYTES);
        }
        int entry = Short.BYTES + id.length + Long.BYTES;
        if (n < topK) {
            return ByteBuffer.allocate(row.length + entry).put(row).putInt(0, n + 1)
                    .putShort((short) id.length).put(id).putLong(1).array();
        }
        // full: the least counted (the first of them) leaves, the new item enters last at its count + 1
        ByteBuffer out = ByteBuffer.allocate(row.length - (leastEnd - least) + entry);
        out.put(row, 0, least).put(row, leastEnd, row.length - leastEnd)
                .putShort((short) id.length).put(id).putLong(leastCount + 1);
        return out.array();
    }

    @Override
    public Map<String, Long> cooccurring(String itemId) {
        byte[] stored = rows.get(itemId);
        return stored == null ? new LinkedHashMap<>() : decode(stored);
    }

    static byte[] encode(Map<String, Long> row) {
        int size = Integer.BYTES;
        byte[][] ids = new byte[row.size()][];
        int i = 0;
        for (String id : row.keySet()) {
            ids[i] = id.getBytes(StandardCharsets.UTF_8);
            size += Short.BYTES + ids[i].length + Long.BYTES;
            i++;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(row.size());
        i = 0;
        for (long count : row.values()) {
            out.putShort((short) ids[i].length).put(ids[i]).putLong(count);
            i++;
        }
        return out.array();
    }

    static Map<String, Long> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int n = in.getInt();
        Map<String, Long> row = new LinkedHashMap<>(2 * n);
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(id);
            row.put(new String(id, StandardCharsets.UTF_8), in.getLong());
        }
        return row;
    }
}
