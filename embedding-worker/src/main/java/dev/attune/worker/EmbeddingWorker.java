package dev.attune.worker;

import dev.attune.serde.SerdeFactory;
import dev.attune.worker.config.WorkerConfig;
import dev.attune.worker.metrics.WorkerMetrics;
import dev.attune.worker.model.TextEncoder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
    /**
     * Runs every producer call of the transactions, in order, while the loop's thread polls and runs the model:
     * a batch's transaction begins and takes its offsets while its model runs, and commits while the next
     * batch's model runs. One thread, so the producer's calls never interleave.
     */
    private final ExecutorService transactions = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "attune-worker-transactions");
        t.setDaemon(true);
        return t;
    });
    /** The first failure of a transaction task; later tasks do nothing until the loop has recovered. */
    private volatile Throwable failure;
    /** Whether the producer has an open transaction; written by the transaction thread. */
    private volatile boolean inTransaction;
    /** The commit of the batch before, which the next commit waits for (at most one commit queued). */
    private Future<?> lastCommit;
    /** Terms whose transaction committed, handed from the transaction thread to the loop's. */
    private final ConcurrentLinkedQueue<Set<String>> committedTerms = new ConcurrentLinkedQueue<>();
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
            consumer.subscribe(inputs, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    drainTransactions(); // a batch of revoked partitions commits (or fails) before they move
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            healthy = true;
            LOG.info("Embedding worker consuming {} as group {} (transactional id {}), batch.max.size={} batch.linger.ms={}",
                    inputs, config.getString(WorkerConfig.APPLICATION_ID), config.transactionalId(), maxBatch, linger.toMillis());
            while (running) {
                List<ConsumerRecord<byte[], byte[]>> batch = pollBatch();
                if (failure != null) {
                    recover(); // the batch just polled is read again from the committed offsets
                } else if (!batch.isEmpty()) {
                    processInTransaction(batch);
                }
            }
            drainTransactions();
            if (failure != null) {
                recover();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            healthy = false;
            drainTransactions(); // the last batch's commit finishes before the clients close
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
     * One batch in one transaction, its producer calls on the transaction thread: the transaction begins and takes
     * the consumer offsets while this thread runs the model (those are blocking round trips to the transaction and
     * group coordinators); the vectors are then sent and committed while this thread goes on to poll and embed the
     * next batch, whose transaction begins only after this one has committed. Any failure aborts the transaction and
     * everything after it is read again from the committed offsets ({@link #recover()}): outputs and offsets
     * commit together or not at all.
     */
    private void processInTransaction(List<ConsumerRecord<byte[], byte[]>> batch) {
        long start = System.nanoTime();
        int number = ++batches;
        Map<TopicPartition, OffsetAndMetadata> offsets = nextOffsets(batch);
        ConsumerGroupMetadata group = consumer.groupMetadata();
        transactions.submit(task(() -> {
            producer.beginTransaction();
            inTransaction = true;
            producer.sendOffsetsToTransaction(offsets, group);
        }));
        applyCommittedTerms();
        Outcome outcome;
        try {
            outcome = processor.process(batch);
        } catch (KafkaException | IllegalStateException e) {
            fail(e);
            return;
        } catch (RuntimeException e) {
            fail(e); // a bug, not a bad record: abort, then stop
            drainTransactions();
            abortQuietly(e);
            throw e;
        }
        long modelDone = System.nanoTime();
        processor.submitted(outcome.newTerms());
        awaitQuietly(lastCommit); // at most one commit queued behind the model
        lastCommit = transactions.submit(task(() -> {
            for (ProducerRecord<byte[], byte[]> record : outcome.records()) {
                producer.send(record);
            }
            producer.flush(); // costs the commit nothing (it would wait for the same sends); the hook sees them written
            beforeCommit.accept(number);
            producer.commitTransaction();
            inTransaction = false;
            committedTerms.add(outcome.newTerms());
            countInputs(batch);
            long end = System.nanoTime();
            metrics.committed(end - start, end - modelDone);
        }));
    }

    /** A transaction task that does nothing after an earlier failure and records its own. */
    private Runnable task(Runnable body) {
        return () -> {
            if (failure != null) {
                return;
            }
            try {
                body.run();
            } catch (Throwable t) {
                fail(t);
            }
        };
    }

    private void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
    }

    /**
     * After a failed transaction task or model call: waits for the transaction thread, then stops the worker for a
     * fenced or unauthorised producer (or rethrows an Error, like a crash: the transaction is left to the next
     * instance), else aborts the open transaction and rewinds to the last committed offsets.
     */
    private void recover() {
        drainTransactions();
        applyCommittedTerms();
        Throwable t = failure;
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                || t instanceof FencedInstanceIdException || t instanceof OutOfOrderSequenceException
                || t instanceof UnsupportedVersionException || t instanceof AuthorizationException) {
            // Another instance took over this transactional id (or we may not write): nothing to retry.
            LOG.error("Embedding worker stops: the producer cannot continue ({})", t.toString());
            running = false;
            throw (KafkaException) t;
        }
        if (!(t instanceof KafkaException) && !(t instanceof IllegalStateException)) {
            RuntimeException bug = t instanceof RuntimeException r ? r : new IllegalStateException(t);
            abortQuietly(bug);
            throw bug;
        }
        LOG.warn("A batch failed and is retried from the last commit: {}", t.toString());
        metrics.aborted();
        if (inTransaction) {
            producer.abortTransaction();
            inTransaction = false;
        }
        processor.aborted();
        failure = null;
        rewind();
        sleep(RETRY_BACKOFF);
    }

    private void abortQuietly(RuntimeException e) {
        if (inTransaction) {
            try {
                producer.abortTransaction();
                inTransaction = false;
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
        }
    }

    /** Waits until the transaction thread has run everything submitted so far. */
    private void drainTransactions() {
        if (transactions.isShutdown()) {
            return;
        }
        awaitQuietly(transactions.submit(() -> { }));
    }

    private void applyCommittedTerms() {
        Set<String> terms;
        while ((terms = committedTerms.poll()) != null) {
            processor.committed(terms);
        }
    }

    private static void awaitQuietly(Future<?> f) {
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (ExecutionException e) {
            // tasks record their own failure
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
        transactions.shutdownNow();
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
