package dev.attune.streams.query;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Knows which active stores of this instance are restoring from their changelogs, for readiness.
 * Kafka Streams has one global restore listener and it can only be set before {@code start()}.
 */
public final class RestorationTracker implements StateRestoreListener {

    private final Set<TopicPartition> restoring = ConcurrentHashMap.newKeySet();

    /** Registers a new tracker on {@code streams}, which must not be started yet. */
    public static RestorationTracker attachTo(KafkaStreams streams) {
        RestorationTracker tracker = new RestorationTracker();
        streams.setGlobalStateRestoreListener(tracker);
        return tracker;
    }

    public boolean restoring() {
        return !restoring.isEmpty();
    }

    public int restoringPartitions() {
        return restoring.size();
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        restoring.add(partition);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        // Progress is not needed for readiness.
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        restoring.remove(partition);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        // The task moved away mid-restore (rebalance): it no longer holds this instance back.
        restoring.remove(partition);
    }
}
