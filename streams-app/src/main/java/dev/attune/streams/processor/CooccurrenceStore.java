package dev.attune.streams.processor;

import dev.attune.streams.recommend.ItemCooccurrence;
import dev.attune.streams.topology.StoreNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
        Map<String, Long> row = cooccurring(item);
        Long old = row.get(other);
        if (old != null) {
            row.put(other, old + 1);
        } else if (row.size() < topK) {
            row.put(other, 1L);
        } else {
            Map.Entry<String, Long> least = null;
            for (Map.Entry<String, Long> e : row.entrySet()) {
                if (least == null || e.getValue() < least.getValue()) {
                    least = e;
                }
            }
            long floor = least.getValue();
            row.remove(least.getKey());
            row.put(other, floor + 1);
        }
        rows.put(item, encode(row));
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
