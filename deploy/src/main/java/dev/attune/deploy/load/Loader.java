package dev.attune.deploy.load;

import dev.attune.deploy.movielens.MovieLensEvents;
import dev.attune.kafka.Topics;
import dev.attune.schema.ItemEvent;
import dev.attune.serde.SerdeFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a data set into a running stack the way live producers would: the catalogue first, then
 * (once the worker has embedded it, or after a timeout) every click and request in event-time
 * order, paced by a {@link Pacer}, with progress bars.
 */
public final class Loader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Loader.class);
    /** Stop waiting for vectors when the worker makes no progress for this long (it may have dead-lettered some items). */
    private static final Duration STALL = Duration.ofSeconds(60);
    private static final long HEALTH_CHECK_NANOS = 1_000_000_000L;

    private final Producer<String, SpecificRecord> producer;
    private final Admin admin;
    /** The first send the broker refused; the load stops on it rather than leave a silent hole in the data. */
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public Loader(String bootstrapServers, SerdeFactory serdes) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "attune-loader",
                ProducerConfig.ACKS_CONFIG, "all",
                // Batches of a few hundred events: the replay is throughput-bound at speed "max".
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new RecordSerializer(serdes));
    }

    /** Sends the catalogue and returns once the broker has it. */
    public void sendItems(Iterable<ItemEvent> items, int count) {
        ProgressBar bar = ProgressBar.onStderr("items", count);
        long sent = 0;
        for (ItemEvent item : items) {
            send(new ProducerRecord<>(Topics.ITEMS, item.getItemId(), item));
            bar.set(++sent);
        }
        flush();
        bar.finish("");
    }

    /**
     * Waits until {@code expected} more records reached the item-vectors topic than {@code baseline}
     * (its end offset before the items were sent), showing the worker's progress.
     */
    public void awaitItemVectors(long baseline, long expected, Duration timeout) throws InterruptedException {
        ProgressBar bar = ProgressBar.onStderr("embedding (worker)", expected);
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastProgressAt = System.nanoTime();
        long done = 0;
        while (done < expected) {
            long now = itemVectorsEndOffset() - baseline;
            if (now > done) {
                lastProgressAt = System.nanoTime();
                done = now;
            }
            bar.set(done);
            if (System.nanoTime() > deadline || System.nanoTime() - lastProgressAt > STALL.toNanos()) {
                bar.finish("");
                LOG.warn("{} of {} item vectors arrived; replaying clicks anyway (the streams app holds clicks on items without a vector)",
                        done, expected);
                return;
            }
            Thread.sleep(500);
        }
        bar.finish("");
    }

    /**
     * Replays the timeline; returns the number of events sent. {@code healthCheck} runs about once a
     * second and may throw to stop the replay (a paced replay can last long after a service died).
     */
    public long replay(MovieLensEvents events, Pacer pacer, Runnable healthCheck) throws InterruptedException {
        ProgressBar bar = ProgressBar.onStderr("ratings + requests", events.timeline().size());
        long sent = 0;
        long nextCheck = System.nanoTime();
        for (MovieLensEvents.Timed event : events.timeline()) {
            if (System.nanoTime() >= nextCheck) {
                healthCheck.run();
                nextCheck = System.nanoTime() + HEALTH_CHECK_NANOS;
            }
            pacer.awaitTurn(event.eventTimeMillis());
            String topic = event.isQuery() ? Topics.QUERIES : Topics.CLICKS;
            send(new ProducerRecord<>(topic, null, event.eventTimeMillis(), event.userId(), event.value()));
            bar.set(++sent);
        }
        flush();
        bar.finish("");
        return sent;
    }

    private void send(ProducerRecord<String, SpecificRecord> record) {
        if (failure.get() != null) {
            throw new IllegalStateException("the broker refused a record; load stopped", failure.get());
        }
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    private void flush() {
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("the broker refused a record; load stopped", failure.get());
        }
    }

    /** The sum of the item-vectors topic's end offsets: how many vectors were ever written. */
    public long itemVectorsEndOffset() {
        try {
            var partitions = admin.describeTopics(java.util.List.of(Topics.ITEM_VECTORS)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(Topics.ITEM_VECTORS).partitions();
            Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(
                    p -> new TopicPartition(Topics.ITEM_VECTORS, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the end offsets of " + Topics.ITEM_VECTORS, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        admin.close(Duration.ofSeconds(10));
    }
}
