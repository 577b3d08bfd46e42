package dev.attune.bench.freshness;

import dev.attune.schema.Recommendations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the recommendations topic as a feed service would (read_committed: only lists of
 * committed transactions), from its end, and hands each list to the tracker on its own thread.
 */
final class ListReader implements AutoCloseable {

    private final KafkaConsumer<String, Recommendations> consumer;
    private final FreshnessTracker tracker;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    ListReader(String bootstrap, String topic, Deserializer<Recommendations> values, FreshnessTracker tracker,
            int fetchMaxWaitMs) {
        this.tracker = tracker;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs), new StringDeserializer(), values);
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToEnd(assigned);
        assigned.forEach(consumer::position);
        this.thread = new Thread(this::loop, "freshness-reader");
        thread.start();
    }

    private void loop() {
        while (running.get()) {
            for (ConsumerRecord<String, Recommendations> r : consumer.poll(Duration.ofMillis(50))) {
                tracker.listRead(r.key(), r.value().getAsOfEventTime().toEpochMilli(), r.value().getComputedAt().toEpochMilli(),
                        System.currentTimeMillis());
            }
        }
        consumer.close();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
