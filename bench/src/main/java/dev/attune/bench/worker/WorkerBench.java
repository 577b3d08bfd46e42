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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *   <li>texts/s of the bare encoder (same {@link TextEncoder}, same MovieLens item texts) against the whole
 *       worker, Kafka in and Kafka out with transactions, at each batch size;</li>
 *   <li>one query at low load: produce to vector readable (read_committed), p50 / p99.</li>
 * </ol>
 * A real KRaft broker runs in this JVM; the in-memory schema registry (mock://) keeps the registry's HTTP out
 * of the figure. Usage: {@code [--data DIR] [--texts N] [--batches 1,8,32,64] [--queries N]}.
 */
public final class WorkerBench {

    private WorkerBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path data = Path.of(opts.getOrDefault("data", "../shared/data/movielens/ml-latest-small"));
        int textCount = Integer.parseInt(opts.getOrDefault("texts", "1024"));
        int[] batches = Arrays.stream(opts.getOrDefault("batches", "1,8,32,64").split(",")).mapToInt(Integer::parseInt).toArray();
        int queries = Integer.parseInt(opts.getOrDefault("queries", "200"));

        List<Movie> movies = new ArrayList<>(MovieLensData.load(data).movies().values()).subList(0, textCount);
        List<String> texts = movies.stream().map(m -> ItemText.of(m.title(), null, List.of(), m.genres())).toList();
        System.out.printf("Embedding worker bench: %d MovieLens item texts, %d cores, %s%n",
                texts.size(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        try (TextEncoder encoder = TextEncoder.open(ModelPreset.ALL_MINILM_L6_V2);
             KRaftBroker broker = KRaftBroker.startEphemeral()) {
            System.out.printf("model=%s engine=%s device=%s%n%n", encoder.modelId(), encoder.engine(), encoder.device());
            System.out.println("| batch | bare encoder texts/s | worker texts/s (Kafka in/out, EOS) | worker / bare |");
            System.out.println("|---:|---:|---:|---:|");
            for (int batch : batches) {
                // Bare runs before and after the worker's, averaged: on a shared machine the load drifts.
                double bareBefore = bare(encoder, texts, batch);
                double worker = worker(encoder, broker.bootstrapServers(), movies, batch);
                double bare = (bareBefore + bare(encoder, texts, batch)) / 2;
                System.out.printf("| %d | %.0f | %.0f | %.0f%% |%n", batch, bare, worker, 100 * worker / bare);
            }
            System.out.println();
            latency(encoder, broker.bootstrapServers(), movies, queries);
        }
        System.exit(0); // DJL's and Kafka's pool threads do not end on their own
    }

    private static double bare(TextEncoder encoder, List<String> texts, int batch) {
        encoder.embed(texts.subList(0, Math.min(texts.size(), Math.max(batch, 16)))); // warm-up
        long start = System.nanoTime();
        for (int from = 0; from < texts.size(); from += batch) {
            encoder.embed(texts.subList(from, Math.min(texts.size(), from + batch)));
        }
        return texts.size() / seconds(start);
    }

    private static double worker(TextEncoder encoder, String bootstrap, List<Movie> movies, int batch) throws Exception {
        try (Rig rig = new Rig(encoder, bootstrap, Map.of(WorkerConfig.BATCH_MAX_SIZE, batch))) {
            rig.sendItem(new Movie("warm-up", "Warm-up (2000)", List.of("Drama"), List.of()));
            rig.awaitItemVectors(1);
            long start = System.nanoTime();
            movies.forEach(rig::sendItem);
            rig.producer.flush();
            rig.awaitItemVectors(movies.size());
            return movies.size() / seconds(start);
        }
    }

    private static void latency(TextEncoder encoder, String bootstrap, List<Movie> movies, int count) throws Exception {
        try (Rig rig = new Rig(encoder, bootstrap, Map.of())) {
            long[] nanos = new long[count];
            for (int i = -10; i < count; i++) {
                // A fresh text each time: the query cache must not answer for the model.
                String text = "something like " + movies.get(Math.floorMod(i, movies.size())).title() + ", nothing too long";
                long start = System.nanoTime();
                rig.sendQuery("user-" + i, text);
                rig.awaitQueryVector();
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - start;
                }
                Thread.sleep(20);
            }
            Arrays.sort(nanos);
            System.out.printf("One query at low load, produce -> vector readable (read_committed), %d queries "
                            + "(batch.max.size=32, batch.linger.ms=5): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    count, nanos[count / 2] / 1e6, nanos[(int) Math.ceil(count * 0.99) - 1] / 1e6, nanos[count - 1] / 1e6);
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
        private final KafkaConsumer<String, byte[]> reader;
        private final EmbeddingWorker worker;
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
            Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
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
            worker = new EmbeddingWorker(new WorkerConfig(w), encoder, KafkaClients.REAL, new WorkerMetrics(new SimpleMeterRegistry()));
            thread = new Thread(worker, "bench-worker-" + id);
            thread.start();
        }

        void sendItem(Movie m) {
            ItemEvent item = ItemEvent.newBuilder().setItemId(m.itemId()).setTitle(m.title()).setDescription(null)
                    .setTags(List.of()).setCategories(m.genres()).setUpdatedAt(Instant.now()).build();
            producer.send(new ProducerRecord<>(items, m.itemId(), serdes.value(ItemEvent.class).serializer().serialize(items, item)));
        }

        void sendQuery(String user, String text) {
            QueryEvent q = QueryEvent.newBuilder().setUserId(user).setQueryId(UUID.randomUUID().toString()).setText(text)
                    .setEventTime(Instant.now()).build();
            producer.send(new ProducerRecord<>(queries, user, serdes.value(QueryEvent.class).serializer().serialize(queries, q)));
            producer.flush();
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
            reader.close();
        }
    }
}
