package dev.attune.bench.memory;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/** Per store: records restored from its changelog and the span from the first partition's start to the last one's end. */
final class RestoreTimer implements StateRestoreListener {

    record Span(long records, long startNanos, long endNanos) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    private final Map<String, Span> spans = new TreeMap<>();

    @Override
    public synchronized void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
        long now = System.nanoTime();
        spans.merge(store, new Span(0, now, now), (a, b) -> new Span(a.records(), Math.min(a.startNanos(), now), a.endNanos()));
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        // totals come with onRestoreEnd
    }

    @Override
    public synchronized void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        long now = System.nanoTime();
        spans.computeIfPresent(store, (s, a) -> new Span(a.records() + totalRestored, a.startNanos(), Math.max(a.endNanos(), now)));
    }

    synchronized Map<String, Span> spans() {
        return Map.copyOf(spans);
    }
}
