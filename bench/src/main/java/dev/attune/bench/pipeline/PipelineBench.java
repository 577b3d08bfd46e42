package dev.attune.bench.pipeline;

import dev.attune.bench.load.BenchConfig;
import dev.attune.bench.load.EventEncoder;
import dev.attune.bench.load.LoadGenerator;
import dev.attune.bench.load.Workload;
import dev.attune.streams.config.StreamsAppConfig;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;

/**
 * Sustained click events/s through the streams app on a real broker, and in the same run the
 * same clicks through a pass-through topology with the same Kafka Streams settings
 * (exactly_once_v2 by default): the clicks are written first, then each app consumes them from
 * the beginning as fast as it can; the pass-through drains them all, the app is timed over a window.
 * {@code java ... PipelineBench [bench.events=200000] [bench.duration.s=30] [interest.max.interests=8] [key=value ...]}
 */
public final class PipelineBench {

    private static final int PASS_THROUGH_RUNS = 3;

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        BenchConfig bench = BenchConfig.load(System.getenv(), args);
        Workload workload = Workload.from(bench, 0);
        long events = bench.getInt(BenchConfig.EVENTS);
        try (Rig rig = new Rig(bench)) {
            StreamsAppConfig attuneConfig = rig.appConfig("bench-attune", Map.of());
            EventEncoder encoder = new EventEncoder(rig.serdes(), workload.space(),
                    attuneConfig.getString(StreamsAppConfig.VECTOR_MODEL), bench.getLong(BenchConfig.SEED));
            rig.writeCatalogue(workload, encoder);
            String clicks = rig.topic(StreamsAppConfig.TOPIC_CLICKS);
            LoadGenerator.Result written;
            try (Producer<String, byte[]> producer = rig.producer(20)) {
                written = new LoadGenerator(producer, workload, encoder, clicks,
                        rig.topic(StreamsAppConfig.TOPIC_QUERY_VECTORS)).clicks(events);
            }
            System.out.printf(Locale.ROOT, "wrote %d clicks (%d users, zipf %.2f, %d items) at %.0f/s%n", events,
                    bench.getInt(BenchConfig.USERS), bench.getDouble(BenchConfig.USER_ZIPF), workload.popularity().size(),
                    written.rate());

            // The pass-through drains the input in seconds: three runs, median kept.
            List<Drain> passes = new java.util.ArrayList<>();
            for (int run = 1; run <= PASS_THROUGH_RUNS; run++) {
                String appId = "bench-passthrough-" + run;
                StreamsAppConfig passConfig = rig.appConfig(appId, Map.of());
                rig.createTopics(List.of(new NewTopic(appId + "-out", bench.getInt(BenchConfig.PARTITIONS), (short) 1)));
                try (RunningApp app = RunningApp.other(PassThroughTopology.build(clicks, appId + "-out"),
                        passConfig.streamsProperties())) {
                    passes.add(Drain.measure("pass-through", rig, appId, clicks, events, app.runningNanos()));
                }
                System.out.println(passes.get(passes.size() - 1).line());
            }
            // A drain faster than the sampling has no 10%-90% span (NaN): it cannot be the median.
            passes.removeIf(d -> Double.isNaN(d.sustainedRate()));
            if (passes.isEmpty()) {
                throw new IllegalStateException("pass-through too fast to time: raise bench.events");
            }
            passes.sort(java.util.Comparator.comparingDouble(Drain::sustainedRate));
            Drain pass = passes.get(passes.size() / 2);

            Drain attune;
            String lists = attuneConfig.topic(StreamsAppConfig.TOPIC_RECOMMENDATIONS);
            long listsBefore = rig.endOffsets(lists);
            Map<String, Long> bytesBefore = rig.topicBytes();
            long started = System.nanoTime();
            try (RunningApp app = RunningApp.attune(attuneConfig, workload.popularity().size(), null)) {
                // Too slow to drain the whole input in a bench run: its steady rate over a window after a warm-up.
                attune = Drain.window("attune", rig, "bench-attune", clicks, bench.getInt(BenchConfig.WARMUP_S),
                        bench.getInt(BenchConfig.DURATION_S));
                reportRefreshes(app.streams());
            }
            double runS = (System.nanoTime() - started) / 1e9;
            long listed = rig.endOffsets(lists) - listsBefore;
            System.out.println(attune.line());
            // End offsets also count transaction markers (one per partition per commit): an upper bound.
            System.out.printf(Locale.ROOT, "attune: %d recommendation lists written in %.0f s (warm-up included): "
                    + "%.0f lists/s at most (refresh.max.per.second=%d per task)%n", listed, runS, listed / runS,
                    attuneConfig.getInt(StreamsAppConfig.REFRESH_MAX_PER_SECOND));

            reportBytes(rig.topicBytes(), bytesBefore, rig.committed("bench-attune", clicks));
            report(bench, attuneConfig, written, pass, attune);
        }
        // Non-daemon Kafka threads of an app that did not stop in time must not keep the harness alive.
        System.exit(0);
    }

    /** The refreshers' own metrics (warm-up included): how many interests were searched and how many reused. */
    private static void reportRefreshes(org.apache.kafka.streams.KafkaStreams streams) {
        RefreshCounts counts = RefreshCounts.of(streams.metrics());
        System.out.printf(Locale.ROOT, "attune: %.0f refreshes (warm-up included), per refresh %.2f interests searched"
                + " and %.2f taken from the retrieval cache%n", counts.refreshes(), counts.searches() / counts.refreshes(),
                counts.reuses() / counts.refreshes());
    }

    /**
     * What the app wrote to the broker per click it consumed (warm-up included): its changelogs and output topics,
     * the broker's share of a click's cost. Log sizes include record batch headers and transaction markers.
     */
    private static void reportBytes(Map<String, Long> after, Map<String, Long> before, long clicks) {
        System.out.printf(Locale.ROOT, "attune: bytes written to the broker per click consumed (%d clicks, warm-up included):%n",
                clicks);
        long total = 0;
        for (Map.Entry<String, Long> topic : after.entrySet()) {
            long written = topic.getValue() - before.getOrDefault(topic.getKey(), 0L);
            if (written > 0) {
                total += written;
                System.out.printf(Locale.ROOT, "  %-50s %8.1f MB %8.0f B/click%n", topic.getKey(), written / 1e6,
                        (double) written / clicks);
            }
        }
        System.out.printf(Locale.ROOT, "  %-50s %8.1f MB %8.0f B/click%n", "all", total / 1e6, (double) total / clicks);
    }

    private static void report(BenchConfig bench, StreamsAppConfig app, LoadGenerator.Result written, Drain pass,
                               Drain attune) {
        System.out.printf(Locale.ROOT, "%n%s, %s=%s, K=%d, %d items, %d users, %d partitions, refresh.interval.ms=%d, "
                        + "commit.interval.ms=%s%n", Instant.now(), StreamsAppConfig.PROCESSING_GUARANTEE,
                app.getString(StreamsAppConfig.PROCESSING_GUARANTEE), app.getInt(StreamsAppConfig.INTEREST_MAX),
                bench.getInt(BenchConfig.ITEMS), bench.getInt(BenchConfig.USERS), bench.getInt(BenchConfig.PARTITIONS),
                app.getLong(StreamsAppConfig.REFRESH_INTERVAL_MS),
                app.originals().getOrDefault("commit.interval.ms", "default"));
        System.out.println("| Topology | Sustained events/s | Overall events/s | Bench-JVM CPU ms/1k events | Broker CPU ms/1k events |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Drain d : List.of(pass, attune)) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f |%n", d.name(), d.sustainedRate(), d.overallRate(),
                    d.appCpuSeconds() * 1e6 / d.events(), d.brokerCpuSeconds() * 1e6 / d.events());
        }
        System.out.printf(Locale.ROOT, "attune / pass-through (sustained): %.5f; attune measured over %.0f s after a %d s "
                + "warm-up (committed offsets), pass-through over 10%%-90%% of the whole input (median of %d runs); "
                + "producer wrote at %.0f/s%n", attune.sustainedRate() / pass.sustainedRate(), attune.seconds(),
                bench.getInt(BenchConfig.WARMUP_S), PASS_THROUGH_RUNS, written.rate());
    }
}
