package dev.attune.bench.memory;

import dev.attune.bench.load.BenchConfig;
import dev.attune.bench.load.EventEncoder;
import dev.attune.bench.load.LoadEvent;
import dev.attune.bench.load.LoadGenerator;
import dev.attune.bench.load.ProcStats;
import dev.attune.bench.load.Stats;
import dev.attune.bench.load.Workload;
import dev.attune.bench.pipeline.AppProcess;
import dev.attune.bench.pipeline.Rig;
import dev.attune.bench.pipeline.RunningApp;
import dev.attune.schema.UserInterests;
import dev.attune.streams.catalogue.Vocabulary;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.model.UserState;
import dev.attune.streams.topology.AttuneTopology;
import dev.attune.streams.topology.StoreNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Memory and state: (1) bytes per user of the {@code user-interests} store value and changelog
 * record, as a distribution, for a MovieLens replay and for synthetic users; (2) restoration of
 * that store (100k+ users) from its changelog by a fresh instance, timed; (3) the RSS under load
 * of the app in its own process, with a deployment's JVM options and the app's bounded RocksDB
 * memory (schema registry: the {@code schema-registry} module's, in its own process too);
 * (4) RocksDB's on-disk bytes per user.
 * The states are the streams app's own model and codec applied to the events (see
 * {@link StateReplayer}); they are written to the changelog topic, and the real app restores them.
 * {@code java ... MemoryBench [bench.users=100000] [bench.events=500000] [bench.duration.s=30] [key=value ...]}
 */
public final class MemoryBench {

    private static final String APP_ID = "bench-mem";
    /** As the Kubernetes profile sets it (deploy/k8s/configmap.yaml): glibc's per-thread arenas fragment under RocksDB. */
    private static final Map<String, String> APP_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private MemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        BenchConfig bench = BenchConfig.load(System.getenv(), args);
        Workload workload = Workload.from(bench, 2);
        Map<String, Integer> ranks = new HashMap<>();
        for (int r = 0; r < workload.popularity().size(); r++) {
            ranks.put(workload.popularity().itemId(r), r);
        }
        try (Rig rig = Rig.withRegistryProcess(bench)) {
            StreamsAppConfig config = rig.appConfig(APP_ID, Map.of());
            int users;
            try (Vocabulary vocabulary = AttuneTopology.newVocabulary(config)) {
                StateReplayer replayer = new StateReplayer(config, vocabulary);
                if (bench.getBoolean(BenchConfig.MEMORY_MOVIELENS)) {
                    Path dir = Path.of(bench.getString(BenchConfig.DATA_DIR));
                    List<MovieLensRatings.Rating> ratings = MovieLensRatings.read(dir);
                    Map<String, String> titles = MovieTitles.read(dir);
                    replayMovieLens(workload, ranks, replayer, ratings, titles);
                    StoreFootprint.replayMovieLens(workload, ratings, titles);
                }
                replaySynthetic(bench, workload, ranks, replayer);
                users = replayer.users().size();
                writeChangelog(rig, config, replayer, replayer.users());
            }
            EventEncoder encoder = new EventEncoder(rig.serdes(), workload.space(),
                    config.getString(StreamsAppConfig.VECTOR_MODEL), bench.getLong(BenchConfig.SEED) + 2);
            rig.writeCatalogue(workload, encoder);

            RestoreTimer restores = new RestoreTimer();
            Path stateDir = Path.of(config.stateDir());
            try (RunningApp app = RunningApp.attune(config, workload.popularity().size(), restores)) {
                System.out.printf(Locale.ROOT, "%nrestore (fresh instance, empty state dir): RUNNING after %.1f s%n",
                        app.secondsToRunning());
                restores.spans().forEach((store, span) -> System.out.printf(Locale.ROOT,
                        "  %s: %d records in %.1f s (%.0f records/s)%n", store, span.records(), span.seconds(),
                        span.records() / Math.max(1e-9, span.seconds())));
            }
            // The RSS under load is the app's own process's, as deployed: this JVM's heap held the replay and
            // holds the generator. It resumes from the state the instance above restored and checkpointed.
            List<String> jvm = List.of(bench.getString(BenchConfig.MEMORY_APP_JVM).trim().split("\\s+"));
            long starting = System.nanoTime();
            try (AppProcess app = AppProcess.start(config, jvm, APP_ENVIRONMENT);
                 Producer<String, byte[]> producer = rig.producer(5)) {
                System.out.printf(Locale.ROOT, "%napp process (pid %d, %s, %s) ready after %.1f s%n", app.pid(),
                        String.join(" ", jvm), APP_ENVIRONMENT, (System.nanoTime() - starting) / 1e9);
                underLoad(bench, rig, app, new LoadGenerator(producer, workload, encoder,
                        rig.topic(StreamsAppConfig.TOPIC_CLICKS), rig.topic(StreamsAppConfig.TOPIC_QUERY_VECTORS)), config);
            }
            System.out.printf(Locale.ROOT, "%nRocksDB on disk after close (%s):%n", Instant.now());
            storeSizes(stateDir.resolve(APP_ID)).forEach((store, bytes) -> System.out.printf(Locale.ROOT,
                    "  %s: %,d bytes = %.0f bytes/user over %d users%n", store, bytes, (double) bytes / users, users));
        }
        // Non-daemon Kafka threads of an app that did not stop in time must not keep the harness alive.
        System.exit(0);
    }

    private static void replayMovieLens(Workload workload, Map<String, Integer> ranks, StateReplayer replayer,
                                        List<MovieLensRatings.Rating> ratings, Map<String, String> titles) {
        for (MovieLensRatings.Rating r : ratings) {
            Integer rank = ranks.get(r.itemId());
            if (rank != null) {
                replayer.click(r.userId(), r.itemId(), titles.getOrDefault(r.itemId(), r.itemId()), r.kind(),
                        workload.space().item(rank), r.eventTimeMs());
            }
        }
    }

    private static void replaySynthetic(BenchConfig bench, Workload workload, Map<String, Integer> ranks,
                                        StateReplayer replayer) {
        int events = bench.getInt(BenchConfig.EVENTS);
        long t = System.currentTimeMillis() - events;
        SplittableRandom random = new SplittableRandom(bench.getLong(BenchConfig.SEED));
        Map<String, float[]> vectors = new HashMap<>();
        for (int i = 0; i < events; i++, t++) {
            LoadEvent e = workload.next();
            if (e instanceof LoadEvent.Click c) {
                float[] v = vectors.computeIfAbsent(c.itemId(), id -> workload.space().item(ranks.get(id)));
                replayer.click(c.userId(), c.itemId(), "Item " + c.itemId(), c.kind(), v, t);
            } else if (e instanceof LoadEvent.Query q) {
                replayer.query(q, workload.space(), random, t);
            }
        }
    }

    /** One record per user, as a compacted changelog holds it; prints the size distribution by population. */
    private static void writeChangelog(Rig rig, StreamsAppConfig config, StateReplayer replayer,
                                       Map<String, UserState> users) {
        String topic = StoreNames.changelogTopic(APP_ID, StoreNames.USER_INTERESTS);
        rig.createTopics(List.of(new NewTopic(topic, rig.bench().getInt(BenchConfig.PARTITIONS), (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
        // the store's own serde: the bytes the app writes and restores
        Serializer<UserInterests> serializer = AttuneTopology.userInterestsSerde(config, rig.serdes()).serializer();
        Map<String, List<Long>> sizes = new HashMap<>();
        Map<String, List<Long>> interestCounts = new HashMap<>();
        Map<String, StateBreakdown> breakdowns = new HashMap<>();
        try (Producer<String, byte[]> producer = rig.producer(20)) {
            for (UserState state : users.values()) {
                UserInterests value = replayer.encode(state);
                byte[] bytes = serializer.serialize(topic, value);
                String population = state.userId().startsWith("ml") ? "MovieLens replay" : "synthetic";
                sizes.computeIfAbsent(population, p -> new ArrayList<>())
                        .add((long) bytes.length + state.userId().getBytes(StandardCharsets.UTF_8).length);
                interestCounts.computeIfAbsent(population, p -> new ArrayList<>()).add((long) value.getInterests().size());
                breakdowns.computeIfAbsent(population, p -> new StateBreakdown()).add(serializer, topic, value, bytes.length);
                producer.send(new ProducerRecord<>(topic, state.userId(), bytes));
            }
        }
        System.out.println("\nuser-interests value + key bytes per user (= changelog record payload; "
                + "a record adds ~70 bytes of batch overhead on the broker):");
        sizes.forEach((population, list) -> {
            Stats s = new Stats(list.stream().mapToLong(Long::longValue).toArray());
            Stats k = new Stats(interestCounts.get(population).stream().mapToLong(Long::longValue).toArray());
            System.out.printf(Locale.ROOT, "  %s: %s; interests per user p50=%d max=%d%n", population, s.summary(" B"),
                    k.percentile(50), k.max());
            System.out.println("    " + breakdowns.get(population).line());
        });
    }

    /** RSS of the app's process, sampled while this JVM's generator writes at {@code bench.memory.rate}. */
    private static void underLoad(BenchConfig bench, Rig rig, AppProcess app, LoadGenerator generator,
                                  StreamsAppConfig config) throws InterruptedException {
        long appPid = app.pid();
        AtomicBoolean sampling = new AtomicBoolean(true);
        List<Long> rss = new ArrayList<>();
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                rss.add(ProcStats.rssBytes(appPid));
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.start();
        String clicks = rig.topic(StreamsAppConfig.TOPIC_CLICKS);
        long before = rig.committed(APP_ID, clicks);
        long t0 = System.nanoTime();
        LoadGenerator.Result written = generator.run(bench.getDouble(BenchConfig.MEMORY_RATE),
                bench.getInt(BenchConfig.DURATION_S), null);
        double processed = (rig.committed(APP_ID, clicks) - before) / ((System.nanoTime() - t0) / 1e9);
        sampling.set(false);
        sampler.join();
        Stats r = new Stats(rss.stream().mapToLong(Long::longValue).toArray());
        System.out.printf(Locale.ROOT, "%nunder load (%d s, %.0f mixed events/s written, app %.0f clicks/s committed): "
                        + "RSS of the app process p50=%d MiB max=%d MiB (peak since start %d MiB); "
                        + "rocksdb.block.cache.bytes=%d, rocksdb.write.buffer.bytes=%d; "
                        + "the harness JVM (replay, restored instance, generator) %d MiB%n",
                bench.getInt(BenchConfig.DURATION_S), written.rate(), processed, r.percentile(50) >> 20, r.max() >> 20,
                ProcStats.peakRssBytes(appPid) >> 20, config.getLong(StreamsAppConfig.ROCKSDB_BLOCK_CACHE_BYTES),
                config.getLong(StreamsAppConfig.ROCKSDB_WRITE_BUFFER_BYTES), ProcStats.rssBytes(ProcStats.self()) >> 20);
        System.out.println("  the app's heap at the end (jcmd GC.heap_info): " + app.heapInfo());
    }

    /** Bytes on disk per store name, summed over tasks ({@code <state>/<app>/<task>/rocksdb/<store>}). */
    static Map<String, Long> storeSizes(Path appDir) throws IOException {
        Map<String, Long> sizes = new HashMap<>();
        if (!Files.isDirectory(appDir)) {
            return sizes;
        }
        try (Stream<Path> tasks = Files.list(appDir)) {
            for (Path task : tasks.filter(Files::isDirectory).toList()) {
                Path rocks = task.resolve("rocksdb");
                if (!Files.isDirectory(rocks)) {
                    continue;
                }
                try (Stream<Path> stores = Files.list(rocks)) {
                    for (Path store : stores.toList()) {
                        sizes.merge(store.getFileName().toString(), du(store), Long::sum);
                    }
                }
            }
        }
        return sizes;
    }

    private static long du(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
