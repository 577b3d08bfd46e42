package dev.attune.worker.metrics;

import dev.attune.worker.model.TextKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's meters. Texts/s is the rate of {@code attune_worker_texts_total}; the model's share of
 * time is {@code attune_worker_model_seconds}; consumer lag comes from the Kafka client's own metrics
 * ({@code kafka_consumer_fetch_manager_records_lag_max}) bound to the same registry.
 */
public final class WorkerMetrics {

    private final MeterRegistry registry;
    private final Counter passages;
    private final Counter queries;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter truncated;
    private final Counter transactionsAborted;
    private final DistributionSummary batchSize;
    private final Timer modelLatency;
    private final Timer batchLatency;
    private final Timer transactionLatency;
    private final AtomicLong lastCommitMillis = new AtomicLong();

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.passages = Counter.builder("attune.worker.texts").tag("kind", "passage")
                .description("Texts embedded by the model (items and terms)").register(registry);
        this.queries = Counter.builder("attune.worker.texts").tag("kind", "query")
                .description("Texts embedded by the model (queries and facet phrases)").register(registry);
        this.cacheHits = Counter.builder("attune.worker.query.cache").tag("result", "hit").register(registry);
        this.cacheMisses = Counter.builder("attune.worker.query.cache").tag("result", "miss").register(registry);
        this.truncated = Counter.builder("attune.worker.texts.truncated")
                .description("Texts cut to text.max.chars before embedding").register(registry);
        this.transactionsAborted = Counter.builder("attune.worker.transactions.aborted").register(registry);
        this.batchSize = DistributionSummary.builder("attune.worker.batch.size")
                .description("Texts per model call").publishPercentileHistogram().register(registry);
        this.modelLatency = Timer.builder("attune.worker.model").description("Time of one model call")
                .publishPercentileHistogram().register(registry);
        this.batchLatency = Timer.builder("attune.worker.batch").description("Poll-to-commit time of one transaction (a batch, or the batches of one commit interval)")
                .publishPercentileHistogram().register(registry);
        this.transactionLatency = Timer.builder("attune.worker.transaction")
                .description("What a transaction adds after its last model call: offsets still in flight, sends, commit")
                .publishPercentileHistogram().register(registry);
        registry.gauge("attune.worker.last.commit.age.seconds", lastCommitMillis,
                t -> t.get() == 0 ? -1 : (System.currentTimeMillis() - t.get()) / 1000.0);
    }

    public void modelCall(TextKind kind, int texts, long nanos) {
        (kind == TextKind.QUERY ? queries : passages).increment(texts);
        batchSize.record(texts);
        modelLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void records(String topic, int count) {
        registry.counter("attune.worker.records", "topic", topic).increment(count);
    }

    public void deadLetter(String reason) {
        registry.counter("attune.worker.dead.letters", "reason", reason).increment();
    }

    public void cache(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    public void truncated() {
        truncated.increment();
    }

    /**
     * A transaction committed.
     *
     * @param batchNanos       from its first poll's return to the commit
     * @param transactionNanos from its last model call's end to the commit
     */
    public void committed(long batchNanos, long transactionNanos) {
        batchLatency.record(batchNanos, TimeUnit.NANOSECONDS);
        transactionLatency.record(transactionNanos, TimeUnit.NANOSECONDS);
        lastCommitMillis.set(System.currentTimeMillis());
    }

    public void aborted() {
        transactionsAborted.increment();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
