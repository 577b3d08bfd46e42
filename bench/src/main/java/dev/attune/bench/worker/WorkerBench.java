package dev.attune.bench.worker;

import dev.attune.bench.quality.data.Movie;
import dev.attune.bench.quality.data.MovieLensData;
import dev.attune.schema.ItemEvent;
import dev.attune.schema.QueryEvent;
import dev.attune.serde.SerdeFactory;
import dev.attune.testkit.KRaftBroker;
import dev.attune.worker.EmbeddingWorker;
import dev.attune.worker.ItemText;
import dev.attune.worker.KafkaClients;
import dev.attune.worker.config.WorkerConfig;
import dev.attune.worker.metrics.WorkerMetrics;
import dev.attune.worker.model.ModelPreset;
import dev.attune.worker.model.TextEncoder;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The embedding worker's figures (bench/RESULTS.md, "Embedding worker"):
 * <ol>
 *   <li>texts/s of the bare encoder against the whole worker (Kafka in and out, one transaction per batch) at
 *       each batch size: per batch size one running worker, then rounds of one chunk of item texts through the
 *       worker and the same chunk through the bare encoder, alternating which side goes first, so both sides see
 *       nearly the same load; the summary is the median of each side and of the per-round ratios;</li>
 *   <li>one query at low load: produce to vector readable (read_committed), p50 / p99, with where the time
 *       went (the worker's own model, transaction and poll-to-commit timers).</li>
 * </ol>
 * Both sides use the same {@link TextEncoder} instance (same ONNX Runtime session and threads) on the same texts
 * (MovieLens items as the worker builds them); the bare side runs on its own thread like the worker's loop. The
 * worker's warm-up chunk also writes each genre's term vector, so the timed chunks are item texts only on both
 * sides. A worker chunk is timed from its first send to its last vector readable (read_committed), so it includes
 * filling and draining the pipeline once. A real KRaft broker runs in this JVM (its CPU is counted against the
 * worker); the in-memory schema registry (mock://) keeps the registry's HTTP out of the figure. The load average
 * (/proc/loadavg) is printed with every round: on a shared machine it is part of the figure.
 * <p>Before the first batch size, {@code --warmup-s} seconds of chunks through a worker and the bare encoder in
 * turn (batch 32): the broker's and the clients' request paths run a few times per transaction, so one warm-up
 * chunk leaves them to the JIT compilers in the timed rounds (C2 compiling took ~10% of the machine there), and
 * the worker's share keeps growing for minutes (batch 32: ~80% of the bare encoder after 20-30 s, ~90% after 2
 * minutes). A running worker is measured in its steady state, as a benchmark harness would (the bare side is
 * warmed alike); {@code --warmup-s 0} shows the first minute.
 * Usage: {@code [--data DIR] [--chunk N] [--batches 1,8,32,64] [--rounds N] [--warmup-s N] [--commit-interval-ms N]
 * [--queries N] [--gap-ms N]}; {@code --commit-interval-ms} sets the worker's {@code commit.interval.ms} in the
 * throughput rounds (default: the worker's default; 0 = one transaction per batch).
 */
public final class WorkerBench {

    private WorkerBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path data = Path.of(opts.getOrDefault("data", "../shared/data/movielens/ml-latest-small"));
        int chunk = Integer.parseInt(opts.getOrDefault("chunk", "192"));
        int[] batches = Arrays.stream(opts.getOrDefault("batches", "1,8,32,64").split(",")).filter(b -> !b.isBlank())
                .mapToInt(Integer::parseInt).toArray();
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "6"));
        int warmupSeconds = Integer.parseInt(opts.getOrDefault("warmup-s", "120"));
        // the worker's own default unless given: one transaction per batch (0) or per interval while a backlog waits
        int commitIntervalMs = Integer.parseInt(opts.getOrDefault("commit-interval-ms",
                String.valueOf(WorkerConfig.DEFINITION.defaultValues().get(WorkerConfig.COMMIT_INTERVAL_MS))));
        int queries = Integer.parseInt(opts.getOrDefault("queries", "200"));
        int gapMs = Integer.parseInt(opts.getOrDefault("gap-ms", "20"));

        List<Movie> movies = new ArrayList<>(MovieLensData.load(data).movies().values()).subList(0, chunk);
        System.out.printf("Embedding worker bench: chunks of %d MovieLens item texts, %d interleaved rounds per batch size, "
                        + "worker commit.interval.ms=%d, %d cores, JDK %s, load average at start %s%n",
                movies.size(), rounds, commitIntervalMs, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadAverage());

        try (TextEncoder encoder = TextEncoder.open(ModelPreset.ALL_MINILM_L6_V2);
             KRaftBroker broker = KRaftBroker.startEphemeral()) {
            System.out.printf("model=%s engine=%s device=%s%n%n", encoder.modelId(), encoder.engine(), encoder.device());
            bare(encoder, texts(movies), 32); // JIT and ONNX Runtime warm-up
            warmUp(encoder, broker.bootstrapServers(), movies, warmupSeconds, commitIntervalMs);
            if (batches.length > 0 && rounds > 0) {
                throughput(encoder, broker.bootstrapServers(), movies, batches, rounds, commitIntervalMs);
            }
            if (queries > 0) {
                latency(encoder, broker.bootstrapServers(), movies, queries, gapMs);
            }
        }
        System.exit(0); // DJL's and Kafka's pool threads do not end on their own
    }

    /** Chunks through a worker (batch 32) and the bare encoder in turn for {@code seconds}: the JIT's warm-up. */
    private static void warmUp(TextEncoder encoder, String bootstrap, List<Movie> movies, int seconds, int commitIntervalMs)
            throws Exception {
        if (seconds <= 0) {
            return;
        }
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        int chunks = 0;
        try (Rig rig = new Rig(encoder, bootstrap, Map.of(WorkerConfig.BATCH_MAX_SIZE, 32,
                WorkerConfig.COMMIT_INTERVAL_MS, commitIntervalMs))) {
            while (System.nanoTime() < end) {
                rig.sendChunk(movies, "warm-up-" + chunks++ + "-");
                bare(encoder, texts(movies), 32);
            }
        }
        System.out.printf("Warm-up: %d chunks through a worker and the bare encoder in %d s (load average now %s)%n%n",
                chunks, seconds, loadAverage());
    }

    /** The texts the worker embeds for these movies (ItemText of title and genres). */
    private static List<String> texts(List<Movie> movies) {
        return movies.stream().map(m -> ItemText.of(m.title(), null, List.of(), m.genres())).toList();
    }

    /**
     * Per batch size: one running worker; after a warm-up that also writes every genre's term vector once (so
     * later chunks are item texts only, like the bare side), {@code rounds} rounds of one chunk through the worker
     * and the same chunk through the bare encoder, alternating which goes first. Short alternating chunks see
     * nearly the same load on a shared machine; the summary takes medians.
     */
    private static void throughput(TextEncoder encoder, String bootstrap, List<Movie> movies, int[] batches, int rounds,
                                   int commitIntervalMs)
            throws Exception {
        List<String> texts = texts(movies);
        double[][] bare = new double[batches.length][rounds];
        double[][] worker = new double[batches.length][rounds];
        double[][] bareCpu = new double[batches.length][rounds];
        double[][] workerCpu = new double[batches.length][rounds];
        System.out.println("| batch | round | first | bare texts/s | worker texts/s | worker / bare | bare CPU ms/text | worker CPU ms/text "
                + "| texts per model call (worker) | load avg |");
        System.out.println("|---:|---:|---|---:|---:|---:|---:|---:|---:|---|");
        for (int i = 0; i < batches.length; i++) {
            int batch = batches[i];
            try (Rig rig = new Rig(encoder, bootstrap, Map.of(WorkerConfig.BATCH_MAX_SIZE, batch,
                    WorkerConfig.COMMIT_INTERVAL_MS, commitIntervalMs))) {
                rig.sendChunk(movies, "warm-up-");
                for (int r = 0; r < rounds; r++) {
                    boolean bareFirst = r % 2 == 0;
                    long cpu;
                    if (bareFirst) {
                        cpu = processCpuNanos();
                        bare[i][r] = bare(encoder, texts, batch);
                        bareCpu[i][r] = (processCpuNanos() - cpu) / 1e6 / texts.size();
                    }
                    double[] callsBefore = rig.batchSizes();
                    cpu = processCpuNanos();
                    worker[i][r] = movies.size() / rig.sendChunk(movies, "r" + r + "-");
                    workerCpu[i][r] = (processCpuNanos() - cpu) / 1e6 / movies.size();
                    double[] callsAfter = rig.batchSizes();
                    if (!bareFirst) {
                        cpu = processCpuNanos();
                        bare[i][r] = bare(encoder, texts, batch);
                        bareCpu[i][r] = (processCpuNanos() - cpu) / 1e6 / texts.size();
                    }
                    System.out.printf("| %d | %d | %s | %.0f | %.0f | %.0f%% | %.1f | %.1f | %.1f | %s |%n", batch, r + 1,
                            bareFirst ? "bare" : "worker", bare[i][r], worker[i][r], 100 * worker[i][r] / bare[i][r],
                            bareCpu[i][r], workerCpu[i][r],
                            (callsAfter[1] - callsBefore[1]) / Math.max(1, callsAfter[0] - callsBefore[0]), loadAverage());
                }
            }
        }
        System.out.printf("%nMedians of %d interleaved rounds (load average now %s):%n%n", rounds, loadAverage());
        System.out.println("| batch | bare texts/s | worker texts/s (Kafka in/out, EOS) | worker / bare (median of rounds) "
                + "| range of rounds | bare CPU ms/text | worker CPU ms/text (whole JVM: worker, clients, broker) | bare / worker CPU |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < batches.length; i++) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = 100 * worker[i][r] / bare[i][r];
            }
            System.out.printf("| %d | %.0f | %.0f | %.0f%% | %.0f-%.0f%% | %.1f | %.1f | %.0f%% |%n", batches[i], median(bare[i]),
                    median(worker[i]), median(ratios), Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0),
                    median(bareCpu[i]), median(workerCpu[i]), 100 * median(bareCpu[i]) / median(workerCpu[i]));
        }
        System.out.println();
    }

    /** The same encoder instance alone on {@code texts} in chunks of {@code batch}, on its own thread like the worker's loop. */
    private static double bare(TextEncoder encoder, List<String> texts, int batch) throws Exception {
        double[] result = new double[1];
        Thread thread = new Thread(() -> {
            long start = System.nanoTime();
            for (int from = 0; from < texts.size(); from += batch) {
                encoder.embed(texts.subList(from, Math.min(texts.size(), from + batch)));
            }
            result[0] = texts.size() / seconds(start);
        }, "bench-bare");
        thread.start();
        thread.join();
        return result[0];
    }

    private static void latency(TextEncoder encoder, String bootstrap, List<Movie> movies, int count, int gapMs) throws Exception {
        String load = loadAverage();
        try (Rig rig = new Rig(encoder, bootstrap, Map.of())) {
            long[] nanos = new long[count];
            long[] acked = new long[count];
            int warmUp = 10;
            Map<String, double[]> before = Map.of();
            for (int i = -warmUp; i < count; i++) {
                if (i == 0) {
                    before = rig.timers();
                }
                // A fresh text each time: the query cache must not answer for the model.
                String text = "something like " + movies.get(Math.floorMod(i, movies.size())).title() + ", nothing too long";
                long start = System.nanoTime();
                rig.sendQuery("user-" + i, text);
                long ack = System.nanoTime();
                rig.awaitQueryVector();
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - start;
                    acked[i] = ack - start;
                }
                Thread.sleep(gapMs);
            }
            Arrays.sort(nanos);
            Arrays.sort(acked);
            System.out.printf("One query at low load, produce -> vector readable (read_committed), %d queries %d ms apart "
                            + "(worker defaults; load average %s -> %s):%n",
                    count, gapMs, load, loadAverage());
            System.out.printf("  end to end: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(nanos, 0.50), pct(nanos, 0.90), pct(nanos, 0.99), nanos[count - 1] / 1e6);
            System.out.printf("  of which produce acked: p50 %.1f ms, p99 %.1f ms%n", pct(acked, 0.50), pct(acked, 0.99));
            // Where the time went, from the worker's own timers (means over the measured queries).
            Map<String, double[]> after = rig.timers();
            Map<String, double[]> start = before;
            StringBuilder line = new StringBuilder("  worker timers, mean per call:");
            after.forEach((name, v) -> {
                double[] b = start.getOrDefault(name, new double[2]);
                double calls = v[0] - b[0];
                if (calls > 0) {
                    line.append(String.format(" %s %.1f ms (%.2f calls/query);", name, (v[1] - b[1]) / calls / 1e6, calls / count));
                }
            });
            System.out.println(line);
        }
    }

    /** CPU time of this whole JVM (all threads: encoder, worker, Kafka clients, broker). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)] / 1e6;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The 1, 5 and 15 minute load averages, or "n/a" off Linux. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            out.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return out;
    }

    /** Fresh topics, a running worker, a producer and a read_committed reader of the outputs. */
    private static final class Rig implements AutoCloseable {
        private final String id = UUID.randomUUID().toString().substring(0, 8);
        private final String items = "items-" + id;
        private final String queries = "queries-" + id;
        private final String itemVectors = "item-vectors-" + id;
        private final String queryVectors = "query-vectors-" + id;
        private final SerdeFactory serdes = SerdeFactory.forUrl("mock://bench-" + id);
        private final KafkaProducer<String, byte[]> producer;
        private final KafkaProducer<String, byte[]> chunkProducer;
        private final KafkaConsumer<String, byte[]> reader;
        private final EmbeddingWorker worker;
        private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        private final Thread thread;
        private int itemVectorsSeen;

        Rig(TextEncoder encoder, String bootstrap, Map<String, Object> settings) throws Exception {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(items, 1, (short) 1), new NewTopic(queries, 1, (short) 1),
                        new NewTopic(itemVectors, 1, (short) 1), new NewTopic(queryVectors, 1, (short) 1),
                        new NewTopic("term-vectors-" + id, 1, (short) 1), new NewTopic("dead-letter-" + id, 1, (short) 1))).all().get();
            }
            Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0);
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            // A chunk is written in one transaction: the worker (read_committed) sees all of it at once, a backlog.
            Map<String, Object> tp = new HashMap<>(p);
            tp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-chunks-" + id);
            chunkProducer = new KafkaProducer<>(tp, new StringSerializer(), new ByteArraySerializer());
            chunkProducer.initTransactions();
            // The default fetch.max.wait.ms (500): the broker answers a waiting fetch as soon as the last stable offset
            // moves, so a shorter wait adds no freshness, only empty fetches (at 10 ms they cost the worker's side of the
            // figure several points of the machine).
            Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            reader = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
            reader.assign(List.of(new TopicPartition(itemVectors, 0), new TopicPartition(queryVectors, 0)));
            Map<String, Object> w = new HashMap<>(Map.of(WorkerConfig.BOOTSTRAP_SERVERS, bootstrap,
                    WorkerConfig.SCHEMA_REGISTRY_URL, "mock://bench-" + id, WorkerConfig.APPLICATION_ID, "bench-" + id,
                    WorkerConfig.INSTANCE_ID, "0", WorkerConfig.METRICS_PORT, -1,
                    WorkerConfig.TOPIC_ITEMS, items, WorkerConfig.TOPIC_QUERIES, queries,
                    WorkerConfig.TOPIC_ITEM_VECTORS, itemVectors, WorkerConfig.TOPIC_QUERY_VECTORS, queryVectors));
            w.put(WorkerConfig.TOPIC_TERM_VECTORS, "term-vectors-" + id);
            w.put(WorkerConfig.TOPIC_DEAD_LETTER, "dead-letter-" + id);
            w.putAll(settings);
            worker = new EmbeddingWorker(new WorkerConfig(w), encoder, KafkaClients.REAL, new WorkerMetrics(registry));
            thread = new Thread(worker, "bench-worker-" + id);
            thread.start();
        }

        /**
         * Writes the movies as items (ids prefixed) in one transaction, so the worker finds them all waiting, and
         * returns the seconds from the first send until all their vectors are readable.
         */
        double sendChunk(List<Movie> movies, String idPrefix) {
            long start = System.nanoTime();
            chunkProducer.beginTransaction();
            movies.forEach(m -> sendItem(m, idPrefix));
            chunkProducer.commitTransaction();
            awaitItemVectors(movies.size());
            return seconds(start);
        }

        /** {count, total} of the worker's texts per model call. */
        double[] batchSizes() {
            var summary = registry.find("attune.worker.batch.size").summary();
            return summary == null ? new double[2] : new double[] {summary.count(), summary.totalAmount()};
        }

        void sendItem(Movie m, String idPrefix) {
            ItemEvent item = ItemEvent.newBuilder().setItemId(idPrefix + m.itemId()).setTitle(m.title()).setDescription(null)
                    .setTags(List.of()).setCategories(m.genres()).setUpdatedAt(Instant.now()).build();
            chunkProducer.send(new ProducerRecord<>(items, idPrefix + m.itemId(), serdes.value(ItemEvent.class).serializer().serialize(items, item)));
        }

        void sendQuery(String user, String text) {
            QueryEvent q = QueryEvent.newBuilder().setUserId(user).setQueryId(UUID.randomUUID().toString()).setText(text)
                    .setEventTime(Instant.now()).build();
            producer.send(new ProducerRecord<>(queries, user, serdes.value(QueryEvent.class).serializer().serialize(queries, q)));
            producer.flush();
        }

        /** The worker's timers: name -> {count, total nanoseconds}. */
        Map<String, double[]> timers() {
            Map<String, double[]> out = new TreeMap<>();
            for (var meter : registry.getMeters()) {
                if (!(meter instanceof Timer t) || !t.getId().getName().startsWith("attune.worker.")) {
                    continue;
                }
                out.put(t.getId().getName().replace("attune.worker.", ""), new double[] {t.count(), t.totalTime(TimeUnit.NANOSECONDS)});
            }
            return out;
        }

        void awaitItemVectors(int count) {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            int target = itemVectorsSeen + count;
            while (itemVectorsSeen < target) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + itemVectorsSeen + " of " + target + " item vectors arrived");
                }
                reader.poll(Duration.ofMillis(20)).forEach(r -> {
                    if (r.topic().equals(itemVectors)) {
                        itemVectorsSeen++;
                    }
                });
            }
        }

        void awaitQueryVector() {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (var r : reader.poll(Duration.ofMillis(5))) {
                    if (r.topic().equals(queryVectors)) {
                        return;
                    }
                }
            }
            throw new IllegalStateException("no query vector within 30 s");
        }

        @Override
        public void close() throws InterruptedException {
            worker.stop();
            thread.join(10_000);
            producer.close();
            chunkProducer.close();
            reader.close();
        }
    }
}
