package dev.attune.streams.processor;

import dev.attune.streams.recommend.ItemPopularity;
import dev.attune.streams.topology.StoreNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Item click counts in two stores of one task: {@value StoreNames#ITEM_CLICK_COUNTS} (item id to count) and
 * {@value StoreNames#ITEM_CLICK_RANK}, whose keys sort by count, highest first (8 bytes big-endian of
 * {@code Long.MAX_VALUE - count}, then the item id), so the most clicked items are the first keys of a scan.
 * The counts are changelogged: they survive restarts and move with the task. The rank is derived from them and
 * is not (a click would write two more changelog records, a tombstone and a put): {@link #rebuildRank} fills it
 * from the counts when the task starts.
 */
public final class PopularityStores implements ItemPopularity {

    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<String, Long> counts;
    private final KeyValueStore<Bytes, byte[]> rank;

    public PopularityStores(KeyValueStore<String, Long> counts, KeyValueStore<Bytes, byte[]> rank) {
        this.counts = counts;
        this.rank = rank;
    }

    /** Adds one click on the item; returns its new count. */
    public long increment(String itemId) {
        Long old = counts.get(itemId);
        long next = (old == null ? 0 : old) + 1;
        if (old != null) {
            rank.delete(rankKey(itemId, old));
        }
        counts.put(itemId, next);
        rank.put(rankKey(itemId, next), EMPTY);
        return next;
    }

    /**
     * Makes the rank hold exactly the counts' items, whatever it held before: called when the task starts, after the
     * counts were restored (an entry per counted item; at 100k items a few tens of milliseconds in memory).
     */
    public void rebuildRank() {
        List<Bytes> stale = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = rank.all()) {
            all.forEachRemaining(kv -> stale.add(kv.key));
        }
        stale.forEach(rank::delete);
        try (KeyValueIterator<String, Long> all = counts.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> kv = all.next();
                rank.put(rankKey(kv.key, kv.value), EMPTY);
            }
        }
    }

    @Override
    public long count(String itemId) {
        Long n = counts.get(itemId);
        return n == null ? 0 : n;
    }

    @Override
    public List<String> mostClicked(int n) {
        List<String> out = new ArrayList<>(Math.min(n, 1024));
        if (n <= 0) {
            return out;
        }
        try (KeyValueIterator<Bytes, byte[]> all = rank.all()) {
            while (all.hasNext() && out.size() < n) {
                byte[] key = all.next().key.get();
                out.add(new String(key, Long.BYTES, key.length - Long.BYTES, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public long maxCount() {
        try (KeyValueIterator<Bytes, byte[]> all = rank.all()) {
            return all.hasNext() ? Long.MAX_VALUE - ByteBuffer.wrap(all.next().key.get()).getLong() : 0;
        }
    }

    static Bytes rankKey(String itemId, long count) {
        byte[] id = itemId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length).putLong(Long.MAX_VALUE - count).put(id).array());
    }
}
