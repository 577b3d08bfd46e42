package dev.attune.worker;

import dev.attune.serde.SerdeFactory;
import dev.attune.worker.config.WorkerConfig;
import dev.attune.worker.metrics.WorkerMetrics;
import dev.attune.worker.model.TextEncoder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume-embed-produce loop, exactly once: each batch of polled records is embedded and its
 * outputs and consumer offsets are committed in one Kafka transaction (read_committed input,
 * {@code sendOffsetsToTransaction} with the group's metadata, so a zombie of an old generation is fenced).
 * A failed batch is aborted and re-read from the last committed offsets; a fenced or unauthorised
 * producer stops the worker. Instances of one {@code application.id} share the partitions as a group.
 */
public final class EmbeddingWorker implements Runnable, AutoCloseable {

    /** Called after a batch's records are sent and before its commit: a seam for crash tests. */
    @FunctionalInterface
    interface BeforeCommit {
        void accept(int batchNumber);
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingWorker.class);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

    private final WorkerConfig config;
    private final BatchProcessor processor;
    private final WorkerMetrics metrics;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final KafkaClientMetrics consumerMetrics;
    private final List<String> inputs;
    private final int maxBatch;
    private final Duration linger;
    private final Duration pollTimeout;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Sends a batch's consumer offsets into its transaction while the model runs on the loop's thread. */
    private final ExecutorService offsetSender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "attune-worker-offsets");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running = true;
    private volatile boolean started = false;
    private volatile boolean healthy = false;
    private volatile BeforeCommit beforeCommit = n -> { };
    private int batches;

    public EmbeddingWorker(WorkerConfig config, TextEncoder encoder, KafkaClients clients, WorkerMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.processor = new BatchProcessor(config, encoder,
                SerdeFactory.forUrl(config.getString(WorkerConfig.SCHEMA_REGISTRY_URL)), metrics, Clock.systemUTC());
        this.inputs = List.of(config.getString(WorkerConfig.TOPIC_ITEMS), config.getString(WorkerConfig.TOPIC_QUERIES));
        this.maxBatch = config.getInt(WorkerConfig.BATCH_MAX_SIZE);
        this.linger = Duration.ofMillis(config.getInt(WorkerConfig.BATCH_LINGER_MS));
        this.pollTimeout = Duration.ofMillis(config.getInt(WorkerConfig.POLL_TIMEOUT_MS));
        this.consumer = clients.consumer(consumerConfig(config));
        this.producer = clients.producer(producerConfig(config));
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(metrics.registry());
    }

    static Map<String, Object> consumerConfig(WorkerConfig config) {
        Map<String, Object> c = new HashMap<>(config.clientPassThrough());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getList(WorkerConfig.BOOTSTRAP_SERVERS));
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(WorkerConfig.APPLICATION_ID));
        // Offsets are committed inside the producer's transaction, never by the consumer.
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only vectors of committed upstream transactions; aborted input must not become vectors.
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // One poll is at most one model batch, so a batch's transaction stays short.
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.getInt(WorkerConfig.BATCH_MAX_SIZE));
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, config.transactionalId() + "-consumer");
        return c;
    }

    static Map<String, Object> producerConfig(WorkerConfig config) {
        Map<String, Object> p = new HashMap<>(config.clientPassThrough());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getList(WorkerConfig.BOOTSTRAP_SERVERS));
        // Stable per instance: a restarted instance fences its predecessor and aborts its open transaction at once.
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, config.getInt(WorkerConfig.TRANSACTION_TIMEOUT_MS));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Vectors are sent as soon as a batch is done; the batch itself is the unit of efficiency.
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, config.transactionalId() + "-producer");
        return p;
    }

    /** Runs the loop until {@link #stop()}; the clients are closed when it returns. */
    @Override
    public void run() {
        started = true;
        try {
            processor.warmUp();
            producer.initTransactions();
            consumer.subscribe(inputs);
            healthy = true;
            LOG.info("Embedding worker consuming {} as group {} (transactional id {}), batch.max.size={} batch.linger.ms={}",
                    inputs, config.getString(WorkerConfig.APPLICATION_ID), config.transactionalId(), maxBatch, linger.toMillis());
            while (running) {
                List<ConsumerRecord<byte[], byte[]>> batch = pollBatch();
                if (!batch.isEmpty()) {
                    processInTransaction(batch);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            healthy = false;
            closeClients();
            stopped.countDown();
        }
    }

    /**
     * What one poll brings. When that is less than a full batch and the broker said more records are already
     * waiting (consumer lag above 0 on an assigned partition), further polls top it up for at most
     * {@code batch.linger.ms}, until the batch is full or nothing is waiting any more. With nothing waiting (a
     * lone query at low load) the batch goes at once: there is nothing to wait for.
     */
    private List<ConsumerRecord<byte[], byte[]>> pollBatch() {
        ConsumerRecords<byte[], byte[]> first = consumer.poll(pollTimeout);
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(first.count());
        first.forEach(batch::add);
        if (batch.isEmpty() || batch.size() >= maxBatch || linger.isZero() || nothingWaiting()) {
            return batch;
        }
        long deadline = System.nanoTime() + linger.toNanos();
        while (batch.size() < maxBatch && running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            ConsumerRecords<byte[], byte[]> more = consumer.poll(Duration.ofNanos(left));
            more.forEach(batch::add);
            if (!more.isEmpty() && nothingWaiting()) {
                break;
            }
        }
        return batch;
    }

    /**
     * True when, as of the consumer's last fetch, every assigned partition's position is at its end (lag 0):
     * no record is buffered in the client or known to be waiting on the broker. Unknown lag counts as waiting.
     */
    private boolean nothingWaiting() {
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * One batch in one transaction. The transaction begins before the model runs, and the consumer offsets go
     * into it on a helper thread while the model works ({@code sendOffsetsToTransaction} blocks for its round
     * trips to the transaction and group coordinators); then the vectors are sent and the transaction commits.
     * Any failure aborts it: outputs and offsets commit together or not at all.
     */
    private void processInTransaction(List<ConsumerRecord<byte[], byte[]>> batch) {
        long start = System.nanoTime();
        boolean inTransaction = false;
        Future<?> offsetsSent = null;
        try {
            producer.beginTransaction();
            inTransaction = true;
            Map<TopicPartition, OffsetAndMetadata> offsets = nextOffsets(batch);
            ConsumerGroupMetadata group = consumer.groupMetadata();
            offsetsSent = offsetSender.submit(() -> producer.sendOffsetsToTransaction(offsets, group));
            Outcome outcome = processor.process(batch);
            long modelDone = System.nanoTime();
            for (ProducerRecord<byte[], byte[]> record : outcome.records()) {
                producer.send(record);
            }
            await(offsetsSent);
            producer.flush(); // costs the commit nothing (it would wait for the same sends); the hook sees them written
            beforeCommit.accept(++batches);
            producer.commitTransaction();
            processor.committed(outcome.newTerms());
            countInputs(batch);
            long end = System.nanoTime();
            metrics.committed(end - start, end - modelDone);
        } catch (ProducerFencedException | InvalidProducerEpochException | FencedInstanceIdException
                 | OutOfOrderSequenceException | UnsupportedVersionException | AuthorizationException e) {
            // Another instance took over this transactional id (or we may not write): nothing to retry.
            LOG.error("Embedding worker stops: the producer cannot continue ({})", e.toString());
            running = false;
            throw e;
        } catch (KafkaException | IllegalStateException e) {
            LOG.warn("Batch of {} records failed and is retried from the last commit: {}", batch.size(), e.toString());
            metrics.aborted();
            if (inTransaction) {
                awaitQuietly(offsetsSent);
                producer.abortTransaction();
            }
            rewind();
            sleep(RETRY_BACKOFF);
        } catch (RuntimeException e) {
            // A bug, not a bad record: the worker stops, and its open transaction is aborted first (an Error is
            // left alone, like a crash: the next instance with this transactional id aborts it).
            if (inTransaction) {
                awaitQuietly(offsetsSent);
                try {
                    producer.abortTransaction();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Waits for the offsets' round trips; their failure is rethrown as it was thrown on the helper thread. */
    private static void await(Future<?> sent) {
        try {
            sent.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new KafkaException("sending the offsets to the transaction failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    private static void awaitQuietly(Future<?> sent) {
        if (sent == null) {
            return;
        }
        try {
            sent.get();
        } catch (ExecutionException e) {
            // already failing; the caller aborts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void countInputs(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<String, Integer> byTopic = new HashMap<>();
        batch.forEach(r -> byTopic.merge(r.topic(), 1, Integer::sum));
        byTopic.forEach(metrics::records);
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        return offsets;
    }

    /** Back to the last committed offsets, so an aborted batch is read again. */
    private void rewind() {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset != null) {
                consumer.seek(tp, offset);
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
    }

    /** Asks the loop to finish its current batch and stop. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /** True while the loop runs with its transactions initialised. */
    public boolean healthy() {
        return healthy;
    }

    void beforeCommit(BeforeCommit hook) {
        this.beforeCommit = hook;
    }

    @Override
    public void close() {
        stop();
        if (!started) {
            closeClients();
            return;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeClients() {
        offsetSender.shutdownNow();
        consumerMetrics.close();
        try {
            consumer.close();
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
