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
import java.util.HashSet;
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
 * The consume-embed-produce loop, exactly once: polled records are embedded in batches and their
 * outputs and consumer offsets are committed in one Kafka transaction (read_committed input,
 * {@code sendOffsetsToTransaction} with the group's metadata, so a zombie of an old generation is fenced).
 * A transaction holds one batch, or while a backlog waits, the batches of up to {@code commit.interval.ms}.
 * A failed transaction is aborted and its records re-read from the last committed offsets; a fenced or
 * unauthorised producer stops the worker. Instances of one {@code application.id} share the partitions as a group.
 */
public final class EmbeddingWorker implements Runnable, AutoCloseable {

    /**
     * Called after a transaction's records are sent and before its commit, with the transaction's number (1, 2, ...;
     * one transaction per batch when {@code commit.interval.ms} is 0): a seam for crash tests.
     */
    @FunctionalInterface
    interface BeforeCommit {
        void accept(int transactionNumber);
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
    private final long commitIntervalNanos;
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
    /** The last task submitted for a batch (its sends, and the commit if it closed a transaction): at most one queued. */
    private Future<?> lastTask;
    /** The transaction the loop has open, on the transaction thread begun or about to be; null between transactions. */
    private OpenTransaction open;
    /** Terms whose transaction committed, handed from the transaction thread to the loop's. */
    private final ConcurrentLinkedQueue<Set<String>> committedTerms = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile boolean started = false;
    private volatile boolean healthy = false;
    private volatile BeforeCommit beforeCommit = n -> { };
    private int transactionsBegun;

    public EmbeddingWorker(WorkerConfig config, TextEncoder encoder, KafkaClients clients, WorkerMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.processor = new BatchProcessor(config, encoder,
                SerdeFactory.forUrl(config.getString(WorkerConfig.SCHEMA_REGISTRY_URL)), metrics, Clock.systemUTC());
        this.inputs = List.of(config.getString(WorkerConfig.TOPIC_ITEMS), config.getString(WorkerConfig.TOPIC_QUERIES));
        this.maxBatch = config.getInt(WorkerConfig.BATCH_MAX_SIZE);
        this.linger = Duration.ofMillis(config.getInt(WorkerConfig.BATCH_LINGER_MS));
        this.pollTimeout = Duration.ofMillis(config.getInt(WorkerConfig.POLL_TIMEOUT_MS));
        this.commitIntervalNanos = Duration.ofMillis(config.getInt(WorkerConfig.COMMIT_INTERVAL_MS)).toNanos();
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
        // Vectors become visible only when their transaction commits, and the commit flushes them first: lingering up to
        // the commit interval delays no read_committed reader, and lets the batches of one transaction share requests.
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, config.getInt(WorkerConfig.COMMIT_INTERVAL_MS));
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
                    commitOpen(); // what was read from revoked partitions commits (or fails) before they move
                    drainTransactions();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            healthy = true;
            LOG.info("Embedding worker consuming {} as group {} (transactional id {}), batch.max.size={} batch.linger.ms={}"
                            + " commit.interval.ms={}", inputs, config.getString(WorkerConfig.APPLICATION_ID),
                    config.transactionalId(), maxBatch, linger.toMillis(), commitIntervalNanos / 1_000_000);
            while (running) {
                List<ConsumerRecord<byte[], byte[]>> batch = pollBatch();
                if (failure != null) {
                    recover(); // the batch just polled is read again from the committed offsets
                } else if (!batch.isEmpty()) {
                    processInTransaction(batch);
                } else {
                    commitOpen(); // the lag said more was waiting, but the poll found nothing (e.g. only markers)
                }
            }
            commitOpen();
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
            commitOpen(); // e.g. stopped by a wakeup mid-poll: the batches already sent commit (none after a failure)
            drainTransactions(); // the last commit finishes before the clients close
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
        // an open transaction waits for records only until it is due
        Duration timeout = open == null ? pollTimeout
                : Duration.ofNanos(Math.max(0, Math.min(pollTimeout.toNanos(), open.dueNanos - System.nanoTime())));
        ConsumerRecords<byte[], byte[]> first = consumer.poll(timeout);
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

    /** What the loop knows of the transaction it has open: when it is due, and what its commit hands on. */
    private static final class OpenTransaction {
        final int number;
        final long startNanos;
        final long dueNanos;
        final Set<String> newTerms = new HashSet<>();
        final Map<String, Integer> inputsByTopic = new HashMap<>();
        /** Offsets of the batches after the first, sent once with the commit (a partition's later offset wins). */
        final Map<TopicPartition, OffsetAndMetadata> laterOffsets = new HashMap<>();
        ConsumerGroupMetadata group;
        long modelDoneNanos;

        OpenTransaction(int number, long startNanos, long intervalNanos) {
            this.number = number;
            this.startNanos = startNanos;
            this.dueNanos = startNanos + intervalNanos;
        }
    }

    /**
     * One batch into the open transaction (begun here if none is), its producer calls on the transaction thread: a
     * transaction begins and takes its first batch's consumer offsets while this thread runs the model (blocking round
     * trips to the transaction and group coordinators; later batches' offsets go once, with the commit); the vectors
     * are then sent, and the transaction committed, while this thread goes on to poll and embed the next batch. It
     * commits after this batch unless more records are already waiting and it is younger than {@code
     * commit.interval.ms}: a backlog shares one commit's round trips among several batches, a lone query commits at
     * once. Any failure aborts the transaction and everything in it is read
     * again from the committed offsets ({@link #recover()}): outputs and offsets commit together or not at all.
     */
    private void processInTransaction(List<ConsumerRecord<byte[], byte[]>> batch) {
        long start = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = nextOffsets(batch);
        ConsumerGroupMetadata group = consumer.groupMetadata();
        if (open == null) {
            open = new OpenTransaction(++transactionsBegun, start, commitIntervalNanos);
            transactions.submit(task(() -> {
                producer.beginTransaction();
                inTransaction = true;
                producer.sendOffsetsToTransaction(offsets, group);
            }));
        } else {
            // one offsets round trip per transaction, not per batch: the rest go with the commit
            open.laterOffsets.putAll(offsets);
            open.group = group;
        }
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
        OpenTransaction txn = open;
        txn.modelDoneNanos = System.nanoTime();
        processor.submitted(outcome.newTerms());
        txn.newTerms.addAll(outcome.newTerms());
        batch.forEach(r -> txn.inputsByTopic.merge(r.topic(), 1, Integer::sum));
        boolean commit = !running || System.nanoTime() >= txn.dueNanos || nothingWaiting();
        if (commit) {
            open = null;
        }
        submitAfterLast(() -> {
            for (ProducerRecord<byte[], byte[]> record : outcome.records()) {
                producer.send(record);
            }
            if (commit) {
                commit(txn);
            }
        });
    }

    /** Queues {@code body} on the transaction thread once the task before it has run (at most one queued). */
    private void submitAfterLast(Runnable body) {
        awaitQuietly(lastTask);
        lastTask = transactions.submit(task(body));
    }

    /** Submits the commit of the open transaction, if there is one. */
    private void commitOpen() {
        if (open != null && failure == null) {
            OpenTransaction txn = open;
            open = null;
            submitAfterLast(() -> commit(txn));
        }
    }

    /** On the transaction thread: commits everything sent in {@code txn}. */
    private void commit(OpenTransaction txn) {
        if (!txn.laterOffsets.isEmpty()) {
            producer.sendOffsetsToTransaction(txn.laterOffsets, txn.group);
        }
        producer.flush(); // costs the commit nothing (it would wait for the same sends); the hook sees them written
        beforeCommit.accept(txn.number);
        producer.commitTransaction();
        inTransaction = false;
        committedTerms.add(txn.newTerms);
        txn.inputsByTopic.forEach(metrics::records);
        long end = System.nanoTime();
        metrics.committed(end - txn.startNanos, end - txn.modelDoneNanos);
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
        LOG.warn("A transaction failed and its records are retried from the last commit: {}", t.toString());
        metrics.aborted();
        if (inTransaction) {
            producer.abortTransaction();
            inTransaction = false;
        }
        processor.aborted();
        open = null;
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
