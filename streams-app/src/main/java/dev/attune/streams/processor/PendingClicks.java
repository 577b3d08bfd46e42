package dev.attune.streams.processor;

import dev.attune.schema.ClickEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Clicks whose item vector has not arrived yet, in a changelogged store so that a crash does not
 * drop them. Each entry keeps the click's original bytes and source position, so it can be applied
 * when the vector arrives or dead-lettered, bytes intact, when it times out. Keys are
 * {@code itemId NUL partition NUL offset}, unique per task and ordered by item then arrival.
 */
final class PendingClicks {

    /** One waiting click. */
    record Entry(String key, String itemId, byte[] rawValue, String topic, int partition, long offset,
                 long timestamp, long receivedAt) {
    }

    private static final char SEP = '\u0000';

    private final KeyValueStore<String, byte[]> store;
    private final int max;
    private int count;

    PendingClicks(KeyValueStore<String, byte[]> store, int max) {
        this.store = store;
        this.max = max;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
    }

    /** False when the buffer is full. */
    boolean add(Decoded<ClickEvent> click, long timestamp, long now) {
        if (count >= max) {
            return false;
        }
        String itemId = click.value().getItemId();
        String key = itemId + SEP + click.partition() + SEP + String.format("%020d", click.offset());
        store.put(key, encode(new Entry(key, itemId, click.rawValue(), click.topic(), click.partition(),
                click.offset(), timestamp, now)));
        count++;
        return true;
    }

    List<Entry> all() {
        List<Entry> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> kv = all.next();
                out.add(decode(kv.key, kv.value));
            }
        }
        return out;
    }

    void remove(Entry entry) {
        store.delete(entry.key());
        count--;
    }

    int size() {
        return count;
    }

    private static byte[] encode(Entry e) {
        byte[] topic = e.topic().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + 8 + 4 + 8 + 4 + topic.length + e.rawValue().length);
        buf.putLong(e.receivedAt()).putLong(e.timestamp()).putInt(e.partition()).putLong(e.offset())
                .putInt(topic.length).put(topic).put(e.rawValue());
        return buf.array();
    }

    private static Entry decode(String key, byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long receivedAt = buf.getLong();
        long timestamp = buf.getLong();
        int partition = buf.getInt();
        long offset = buf.getLong();
        byte[] topic = new byte[buf.getInt()];
        buf.get(topic);
        byte[] raw = new byte[buf.remaining()];
        buf.get(raw);
        String itemId = key.substring(0, key.indexOf(SEP));
        return new Entry(key, itemId, raw, new String(topic, StandardCharsets.UTF_8), partition, offset, timestamp, receivedAt);
    }
}
