package dev.attune.bench.pipeline;

import dev.attune.bench.load.BenchConfig;
import dev.attune.bench.load.LoadEvent;
import dev.attune.bench.load.Workload;
import dev.attune.schema.Evidence;
import dev.attune.schema.EvidenceSource;
import dev.attune.schema.Polarity;
import dev.attune.schema.RecommendedItem;
import dev.attune.streams.model.InterestModel;
import dev.attune.streams.model.InterestParams;
import dev.attune.streams.model.UserState;
import dev.attune.streams.recommend.ItemCooccurrence;
import dev.attune.streams.recommend.ItemPopularity;
import dev.attune.streams.recommend.Recommender;
import dev.attune.streams.recommend.RecommenderParams;
import dev.attune.streams.recommend.RetrievalCache;
import dev.attune.streams.topology.AttuneTopology;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one event inside the streams app, at 10k and 100k items:
 * <ul>
 *   <li>{@code clickThroughTopology}: one encoded click through the real processors (decode,
 *       validate, interest update, RocksDB read/write, retrieval, MMR, Avro encode, explanation
 *       check) in a TopologyTestDriver, no broker;</li>
 *   <li>{@code updateAndRecommend}: the pure model, {@code InterestModel.applyPositive} plus
 *       {@code Recommender.recommend}, on users who have already clicked a while (K=8 interests);</li>
 *   <li>{@code updateAndRecommendCached}: the same with the refresher's {@link RetrievalCache}.</li>
 * </ul>
 * Run: {@code java -cp ... org.openjdk.jmh.Main ProcessorCost -p items=10000,100000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class ProcessorCostBenchmark {

    private static final int USERS = 10_000;
    private static final int PREPARED = 50_000;

    @Param({"10000", "100000"})
    public int items;

    /** App settings over the defaults for the engine ({@link RefreshCpuCost}'s {@code key=value} arguments). */
    public Map<String, String> appSettings = Map.of();

    private EngineFixture engine;
    private Workload workload;
    private LoadEvent.Click[] clicks;
    private UserState[] users;
    private InterestModel model;
    private Recommender recommender;
    private RetrievalCache searches;
    private final Map<String, float[]> vectors = new HashMap<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchConfig config = BenchConfig.load(Map.of(), "bench.items=" + items, "bench.users=" + USERS);
        workload = Workload.from(config, 0);
        engine = new EngineFixture(workload, appSettings);
        clicks = new LoadEvent.Click[PREPARED];
        Map<String, Integer> ranks = new HashMap<>();
        for (int r = 0; r < workload.popularity().size(); r++) {
            ranks.put(workload.popularity().itemId(r), r);
        }
        for (int i = 0; i < PREPARED; i++) {
            clicks[i] = workload.nextClick();
            // Vectors looked up in setup: the timed model path must not pay for generating them.
            vectors.computeIfAbsent(clicks[i].itemId(), id -> engine.space().item(ranks.get(id)));
        }
        model = new InterestModel(InterestParams.from(engine.config()), engine.vocabulary());
        recommender = new Recommender(RecommenderParams.from(engine.config()), model, engine.catalogue());
        searches = new RetrievalCache(AttuneTopology.newRetrievalCache(engine.config())); // as the app makes it
        // Users with history: 30 clicks each, so they hold K interests as regular users do.
        users = new UserState[1000];
        long t = System.currentTimeMillis() - 3_600_000;
        for (int u = 0; u < users.length; u++) {
            users[u] = UserState.empty("u" + u);
            for (int c = 0; c < 30; c++) {
                apply(users[u], clicks[(u * 30 + c) % PREPARED], t + c);
            }
        }
        // Warm the engine's stores with the same users before timing.
        for (int i = 0; i < 1_000; i++) {
            clickThroughTopology();
        }
    }

    @Benchmark
    public void clickThroughTopology() {
        LoadEvent.Click click = clicks[next++ % PREPARED];
        engine.pipeClick(click.userId(), engine.nextClick(click));
        if ((next & 1023) == 0) {
            engine.drainOutputs();
        }
    }

    @Benchmark
    public List<RecommendedItem> updateAndRecommend() {
        int i = next++;
        UserState user = users[i % users.length];
        apply(user, clicks[i % PREPARED], System.currentTimeMillis());
        return recommender.recommend(user);
    }

    /**
     * The same with the refresher's cache of search hits, as a returning user's refresh runs: only the interests
     * the click changed are searched again (the 1,000 users all fit the cache; every op revisits one).
     */
    @Benchmark
    public List<RecommendedItem> updateAndRecommendCached() {
        int i = next++;
        UserState user = users[i % users.length];
        apply(user, clicks[i % PREPARED], System.currentTimeMillis());
        return recommender.recommend(user, ItemPopularity.NONE, ItemCooccurrence.NONE, searches);
    }

    private void apply(UserState user, LoadEvent.Click click, long t) {
        float[] v = vectors.get(click.itemId());
        model.applyPositive(user, v, 1.0, t, new Evidence(EvidenceSource.ITEM_EVENT, click.kind(), click.itemId(),
                click.itemId(), Polarity.POSITIVE, Instant.ofEpochMilli(t)));
        model.recordInteraction(user, click.itemId(), click.kind(), t);
    }

    /** The topology's refresh counters so far. */
    public RefreshCounts refreshCounts() {
        return engine.refreshCounts();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }
}
