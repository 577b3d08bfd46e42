package dev.attune.bench.load;

import dev.attune.config.EnvironmentOverrides;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the load generator and of the pipeline, freshness, retrieval and memory harnesses
 * ({@code bench.*}). Every other {@code key=value} goes to the streams app's own configuration
 * unchanged (e.g. {@code refresh.interval.ms=1000}), so a harness runs the app exactly as an
 * operator would configure it. Sources: defaults, {@code ATTUNE_BENCH_*} variables, arguments.
 */
public final class BenchConfig extends AbstractConfig {

    public static final String DATA_DIR = "bench.data.dir";
    public static final String SEED = "bench.seed";
    public static final String USERS = "bench.users";
    public static final String USER_ZIPF = "bench.user.zipf.exponent";
    public static final String ITEMS = "bench.items";
    public static final String DIMENSION = "bench.dimension";
    public static final String CLUSTERS = "bench.clusters";
    public static final String ITEM_SPREAD = "bench.item.spread";
    public static final String TASTE_SHARE = "bench.taste.share";
    public static final String MIX_DISLIKE = "bench.mix.dislike";
    public static final String MIX_QUERY = "bench.mix.query";
    public static final String PARTITIONS = "bench.partitions";
    public static final String EVENTS = "bench.events";
    public static final String MAX_RATE = "bench.max.rate";
    public static final String RATES = "bench.rates";
    public static final String MAX_PROBE_EVENTS = "bench.max.probe.events";
    public static final String MAX_STEP_S = "bench.max.step.s";
    public static final String JIT_WARMUP_S = "bench.jit.warmup.s";
    public static final String PRODUCER_LINGER_MS = "bench.producer.linger.ms";
    public static final String READER_FETCH_MAX_WAIT_MS = "bench.reader.fetch.max.wait.ms";
    public static final String RATE_FRACTIONS = "bench.rate.fractions";
    public static final String DURATION_S = "bench.duration.s";
    public static final String WARMUP_S = "bench.warmup.s";
    public static final String BROKER_HEAP = "bench.broker.heap";
    public static final String RETRIEVAL_SIZES = "bench.retrieval.sizes";
    public static final String RETRIEVAL_QUERIES = "bench.retrieval.queries";
    public static final String RETRIEVAL_K = "bench.retrieval.k";
    public static final String RETRIEVAL_FETCH = "bench.retrieval.fetch";
    public static final String MEMORY_MOVIELENS = "bench.memory.movielens";
    public static final String MEMORY_APP_JVM = "bench.memory.app.jvm";
    public static final String MEMORY_RATE = "bench.memory.rate";
    public static final String REGISTRY_JAR = "bench.registry.jar";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(DATA_DIR, Type.STRING, "../shared/data/movielens/ml-latest-small", Importance.HIGH,
                    "MovieLens-format directory: item popularity comes from its ratings.csv (relative to the working directory).")
            .define(SEED, Type.LONG, 42L, Importance.LOW, "Seed of every random choice; the same seed replays the same traffic.")
            .define(USERS, Type.INT, 100_000, Range.atLeast(1), Importance.HIGH, "Distinct users in the traffic.")
            .define(USER_ZIPF, Type.DOUBLE, 0.8, Range.atLeast(0), Importance.MEDIUM,
                    "Activity of the user of rank r is proportional to 1/(r+1)^s (0 = uniform): a long tail of rare users.")
            .define(ITEMS, Type.INT, 10_000, Range.atLeast(1), Importance.HIGH,
                    "Catalogue size; the first 9,742 take MovieLens movies' rating counts as popularity, the rest count 1.")
            .define(DIMENSION, Type.INT, 384, Range.between(1, 4096), Importance.MEDIUM, "Vector dimension (all-MiniLM-L6-v2: 384).")
            .define(CLUSTERS, Type.INT, 64, Range.atLeast(1), Importance.LOW, "Clusters (genres) of the synthetic item vectors.")
            .define(ITEM_SPREAD, Type.DOUBLE, 1.0, Range.atLeast(0), Importance.LOW,
                    "Noise norm around a cluster centre: 1 gives cosine about 0.7 to the centre, 0.5 between items of a cluster.")
            .define(TASTE_SHARE, Type.DOUBLE, 0.7, Range.between(0, 1), Importance.LOW,
                    "Share of a user's clicks drawn from their own 3 favourite clusters (by popularity there); the rest by global popularity.")
            .define(MIX_DISLIKE, Type.DOUBLE, 0.05, Range.between(0, 1), Importance.MEDIUM, "Share of events that are dislikes.")
            .define(MIX_QUERY, Type.DOUBLE, 0.10, Range.between(0, 1), Importance.MEDIUM,
                    "Share of events that are queries (written as query vectors: the embedding worker is not in these benches).")
            .define(PARTITIONS, Type.INT, 2, Range.atLeast(1), Importance.MEDIUM, "Partitions of the input and output topics.")
            .define(EVENTS, Type.INT, 200_000, Range.atLeast(1), Importance.HIGH,
                    "Pipeline: click events written before the app starts, then consumed as fast as possible.")
            .define(MAX_RATE, Type.DOUBLE, 0.0, Range.atLeast(0), Importance.MEDIUM,
                    "Freshness: the measured maximum rate (events/s) that bench.rate.fractions apply to; 0 = measure it first.")
            .define(MAX_PROBE_EVENTS, Type.INT, 10_000, Range.atLeast(100), Importance.LOW,
                    "Freshness: mixed events written at once, drained, and again for at least bench.jit.warmup.s to "
                            + "warm the app and the broker up (untimed, always), then as many again for a first estimate "
                            + "of the maximum rate (the app's drain rate, 10%-90%; see bench.max.step.s).")
            .define(MAX_STEP_S, Type.INT, 20, Range.atLeast(1), Importance.LOW,
                    "Freshness: seconds at each fixed rate while searching the maximum sustained rate (from the burst's "
                            + "drain rate down by 10% until the lowest backlog sampled in a step's last 5 s is at most a quarter of a "
                            + "second of input).")
            .define(PRODUCER_LINGER_MS, Type.INT, 5, Range.atLeast(0), Importance.LOW,
                    "Freshness: linger.ms of the producer that writes the events: the Kafka client's own default since "
                            + "4.0 (KIP-1030), what an event producer gets unless it sets one. The wait is inside the "
                            + "measured freshness (an event's time is taken before it is sent). Each produce request "
                            + "costs the broker, on the same cores as the app, about the same whatever it carries: at "
                            + "1 ms (the value before 2026-12-02) the broker and the producer took about a tenth of a core more "
                            + "at 1,000 events/s (bench/RESULTS.md).")
            .define(READER_FETCH_MAX_WAIT_MS, Type.INT, 500, Range.atLeast(0), Importance.LOW,
                    "Freshness: fetch.max.wait.ms of the consumer that reads the lists (read_committed), the Kafka "
                            + "client's default: how long the broker holds a fetch that finds no committed list yet. It "
                            + "answers a held fetch once a commit's markers make lists readable, so the wait delays no "
                            + "list (computed -> readable the same at 500 as at 10 ms, the value before 2026-12-02 "
                            + "afternoon). At 10 ms the empty answers cost the broker and the reader 11 points of a core "
                            + "more in one pair of runs at 700 events/s, nothing at 1,000/s, where lists arrive "
                            + "without a pause (bench/RESULTS.md).")
            .define(JIT_WARMUP_S, Type.INT, 90, Range.atLeast(0), Importance.LOW,
                    "Freshness: seconds of untimed bursts before anything is measured: after a start the app's and the "
                            + "broker's JIT compilers take up to half a core for a minute or two.")
            .define(RATES, Type.LIST, List.of("1000"), Importance.MEDIUM, "Freshness: fixed rates (events/s) to measure.")
            .define(RATE_FRACTIONS, Type.LIST, List.of("0.5", "0.9"), Importance.MEDIUM,
                    "Freshness: rates as fractions of the maximum rate.")
            .define(DURATION_S, Type.INT, 30, Range.atLeast(1), Importance.MEDIUM, "Freshness: seconds measured per rate.")
            .define(WARMUP_S, Type.INT, 10, Range.atLeast(0), Importance.MEDIUM, "Seconds of traffic before measuring (JIT, caches).")
            .define(BROKER_HEAP, Type.STRING, "768m", Importance.LOW, "-Xmx of the broker process.")
            .define(RETRIEVAL_SIZES, Type.LIST, List.of("10000", "100000"), Importance.MEDIUM, "Retrieval: catalogue sizes.")
            .define(RETRIEVAL_QUERIES, Type.INT, 500, Range.atLeast(1), Importance.MEDIUM, "Retrieval: queries per size.")
            .define(RETRIEVAL_K, Type.INT, 20, Range.atLeast(1), Importance.MEDIUM, "Retrieval: N of recall@N.")
            .define(RETRIEVAL_FETCH, Type.LIST, List.of("20", "50", "100"), Importance.LOW,
                    "Retrieval: candidates asked of the index before keeping the top N (over-fetch raises recall).")
            .define(MEMORY_MOVIELENS, Type.BOOLEAN, true, Importance.LOW,
                    "Memory: also replay MovieLens ratings (610 users) as clicks for the per-user state distribution.")
            .define(MEMORY_APP_JVM, Type.STRING, "-Xms1g -Xmx1g -XX:MaxMetaspaceSize=192m -XX:MaxDirectMemorySize=128m",
                    Importance.MEDIUM, "Memory: JVM options (space-separated) of the app's own process, whose RSS is "
                            + "measured under load: the Kubernetes profile's JAVA_OPTS (deploy/k8s/configmap.yaml), "
                            + "with MALLOC_ARENA_MAX=2 as there.")
            .define(MEMORY_RATE, Type.DOUBLE, 1000.0, Range.atLeast(0), Importance.MEDIUM,
                    "Memory: mixed events/s written while the app's RSS is sampled (0: as fast as possible, which "
                            + "starves the app of CPU on a small box: the generator and the broker take it).")
            .define(REGISTRY_JAR, Type.STRING, "schema-registry/target/quarkus-app/quarkus-run.jar", Importance.LOW,
                    "Memory: the schema registry the app's own process and the harness share (built by bench/run.sh).");

    private final Map<String, String> appOverrides;

    public BenchConfig(Map<String, String> values) {
        super(DEFINITION, benchOnly(values), false);
        Map<String, String> app = new HashMap<>(values);
        app.keySet().removeIf(k -> k.startsWith("bench."));
        this.appOverrides = Map.copyOf(app);
    }

    /** Defaults, then {@code ATTUNE_*} variables, then {@code key=value} arguments. */
    public static BenchConfig load(Map<String, String> environment, String... args) {
        return new BenchConfig(EnvironmentOverrides.merge(new Properties(), environment, args));
    }

    /** Settings for the streams app given on the command line (every key not starting with {@code bench.}). */
    public Map<String, String> appOverrides() {
        return appOverrides;
    }

    public List<Double> doubles(String key) {
        return getList(key).stream().map(Double::parseDouble).toList();
    }

    public List<Integer> ints(String key) {
        return getList(key).stream().map(Integer::parseInt).toList();
    }

    private static Map<String, String> benchOnly(Map<String, String> values) {
        Map<String, String> bench = new HashMap<>(values);
        bench.keySet().removeIf(k -> !k.startsWith("bench."));
        return bench;
    }
}
