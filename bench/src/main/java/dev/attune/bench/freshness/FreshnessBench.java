package dev.attune.bench.freshness;

import dev.attune.bench.load.BenchConfig;
import dev.attune.bench.load.EventEncoder;
import dev.attune.bench.load.LoadGenerator;
import dev.attune.bench.load.Stats;
import dev.attune.bench.load.Workload;
import dev.attune.bench.pipeline.Rig;
import dev.attune.bench.pipeline.RunningApp;
import dev.attune.bench.pipeline.ThreadTime;
import dev.attune.schema.Recommendations;
import dev.attune.streams.config.StreamsAppConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;

/**
 * Freshness: from a click, dislike or query being written to the user's refreshed list being
 * readable (read_committed), at fixed rates and at fractions of the maximum rate, with mixed
 * traffic (clicks, dislikes, queries as query vectors) on a real broker.
 * {@code java ... FreshnessBench [bench.rates=1000] [bench.max.rate=0] [bench.rate.fractions=0.5,0.9] [key=value ...]}
 */
public final class FreshnessBench {

    private static final String APP_ID = "bench-fresh";
    /** The last seconds of each step of the maximum's search in which the backlog is sampled. */
    private static final int SETTLED_S = 5;

    private FreshnessBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        BenchConfig bench = BenchConfig.load(System.getenv(), args);
        Workload workload = Workload.from(bench, 1);
        int warmup = bench.getInt(BenchConfig.WARMUP_S);
        int duration = bench.getInt(BenchConfig.DURATION_S);
        try (Rig rig = new Rig(bench)) {
            StreamsAppConfig config = rig.appConfig(APP_ID, Map.of());
            EventEncoder encoder = new EventEncoder(rig.serdes(), workload.space(),
                    config.getString(StreamsAppConfig.VECTOR_MODEL), bench.getLong(BenchConfig.SEED) + 1);
            rig.writeCatalogue(workload, encoder);
            long throttle = config.getLong(StreamsAppConfig.REFRESH_INTERVAL_MS);
            FreshnessTracker tracker = new FreshnessTracker(throttle);
            String clicks = rig.topic(StreamsAppConfig.TOPIC_CLICKS);
            String queries = rig.topic(StreamsAppConfig.TOPIC_QUERY_VECTORS);
            List<String> lines = new ArrayList<>();
            try (RunningApp app = RunningApp.attune(config, workload.popularity().size(), null);
                 Producer<String, byte[]> producer = rig.producer(bench.getInt(BenchConfig.PRODUCER_LINGER_MS));
                 ListReader reader = new ListReader(rig.bootstrapServers(), APP_ID + "-recommendations",
                         rig.serdes().value(Recommendations.class).deserializer(), tracker,
                         bench.getInt(BenchConfig.READER_FETCH_MAX_WAIT_MS))) {
                LoadGenerator generator = new LoadGenerator(producer, workload, encoder, clicks, queries);
                int probe = bench.getInt(BenchConfig.MAX_PROBE_EVENTS);
                // the app's first events run on a cold JIT (interpreted refreshes), and the app's and the broker's
                // compilers then take up to half a core for a minute or two: untimed bursts warm both up, else the
                // first rate measured is slow and erratic from run to run, as the maximum's probe was
                long warmUntil = System.nanoTime() + bench.getInt(BenchConfig.JIT_WARMUP_S) * 1_000_000_000L;
                do {
                    generator.burst(probe);
                    awaitCaughtUp(rig, clicks, queries);
                } while (System.nanoTime() < warmUntil);
                double max = bench.getDouble(BenchConfig.MAX_RATE);
                if (max <= 0) {
                    max = measureSustained(rig, generator, measureDrainRate(rig, generator, probe, clicks, queries),
                            bench.getInt(BenchConfig.MAX_STEP_S), clicks, queries);
                }
                List<Double> rates = new ArrayList<>();
                bench.doubles(BenchConfig.RATES).forEach(rates::add);
                for (double f : bench.doubles(BenchConfig.RATE_FRACTIONS)) {
                    rates.add(Math.floor(f * max));
                }
                for (double rate : rates) {
                    if (rate > max) {
                        // Above the maximum the backlog grows without bound: latency is then the backlog's age, not freshness.
                        lines.add(String.format(Locale.ROOT, "| %.0f | | not sustainable: above the measured maximum of %.0f/s | | | |",
                                rate, max));
                        continue;
                    }
                    tracker.reset();
                    generator.run(rate, warmup, tracker);
                    ThreadTime threads = new ThreadTime(app.streams(), rig.brokerPid());
                    tracker.recording(true);
                    LoadGenerator.Result result = generator.run(rate, duration, tracker);
                    tracker.recording(false);
                    System.out.printf(Locale.ROOT, "stream threads at %.0f/s:%n%s", rate, threads.lines(result.events()));
                    awaitMatches(tracker, throttle);
                    System.out.printf(Locale.ROOT, "  leading-edge written→computed, the largest each second (ms): %s%n",
                            tracker.worstBySecond());
                    lines.addAll(report(rate, max, result, tracker));
                    awaitCaughtUp(rig, clicks, queries);
                }
            }
            System.out.printf(Locale.ROOT, "%n%s, refresh.interval.ms=%d, commit.interval.ms=%s, %d items, %d users, "
                            + "%d partitions, %.0f%% queries, %.0f%% dislikes%n", Instant.now(), throttle,
                    config.originals().getOrDefault("commit.interval.ms", "default (50 under EOS)"),
                    workload.popularity().size(), bench.getInt(BenchConfig.USERS), bench.getInt(BenchConfig.PARTITIONS),
                    100 * bench.getDouble(BenchConfig.MIX_QUERY), 100 * bench.getDouble(BenchConfig.MIX_DISLIKE));
            System.out.println("| Target/s | Reached/s | Event | All: p50 / p95 / p99 ms | Leading-edge: p50 / p95 / p99 ms | Not seen |");
            System.out.println("|---:|---:|---|---|---|---:|");
            lines.forEach(System.out::println);
        }
        // Non-daemon Kafka threads of an app that did not stop in time must not keep the harness alive.
        System.exit(0);
    }

    /**
     * The app's drain rate on mixed traffic: a burst of events is written at once and the app's committed input
     * offsets timed from 10% to 90% of it (start-up and the tail excluded). Where {@link #measureSustained} starts.
     */
    private static double measureDrainRate(Rig rig, LoadGenerator generator, int events, String clicks, String queries) {
        long base = rig.committed(APP_ID, clicks) + rig.committed(APP_ID, queries);
        LoadGenerator.Result written = generator.burst(events);
        long t10 = -1;
        long t90 = -1;
        while (t90 < 0) {
            long done = rig.committed(APP_ID, clicks) + rig.committed(APP_ID, queries) - base;
            long now = System.nanoTime();
            if (t10 < 0 && done >= events / 10) {
                t10 = now;
            }
            if (done >= events * 9L / 10) {
                t90 = now;
            }
            sleep(100);
        }
        double rate = events * 0.8 / ((t90 - t10) / 1e9);
        System.out.printf(Locale.ROOT, "drain rate: %d mixed events written at %.0f/s, app processed %.0f/s (10%%-90%%)%n",
                events, written.rate(), rate);
        awaitCaughtUp(rig, clicks, queries);
        return rate;
    }

    /**
     * The highest rate the app keeps up with, starting from the burst's drain rate, which overestimates it (a drain
     * measured 1,499-1,589/s where 1,200/s built a backlog): mixed traffic at a fixed rate for {@code stepSeconds},
     * and 10% lower each time the backlog stayed above a quarter of a second of input throughout the step's last
     * {@value #SETTLED_S} seconds (sampled every half second; an app that keeps up leaves about a tenth: half a commit
     * interval plus a refresh's queueing). The lowest sample, not the last: a pause at the very end (a collection, a
     * neighbour on the host) is not a backlog. At most eight steps; the lowest one tried if none keeps up.
     */
    private static double measureSustained(Rig rig, LoadGenerator generator, double drainRate, int stepSeconds,
                                           String clicks, String queries) throws InterruptedException {
        double rate = Math.floor(drainRate);
        for (int step = 1; ; step++) {
            List<Long> backlogs = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                sleep(Math.max(0, stepSeconds - SETTLED_S) * 1000L);
                while (running.get()) {
                    backlogs.add(backlog(rig, clicks, queries));
                    sleep(500);
                }
            }, "backlog-sampler");
            sampler.start();
            LoadGenerator.Result written = generator.run(rate, stepSeconds, null);
            running.set(false);
            sampler.join();
            backlogs.add(backlog(rig, clicks, queries));
            long lowest = Collections.min(backlogs);
            boolean keptUp = lowest <= written.rate() / 4;
            System.out.printf(Locale.ROOT, "max rate, step %d: %.0f/s for %d s (%.0f/s written), lowest backlog in the "
                    + "last %d s %d events (%.2f s of input): %s%n", step, rate, stepSeconds, written.rate(), SETTLED_S,
                    lowest, lowest / Math.max(1, written.rate()), keptUp ? "kept up" : "fell behind");
            awaitCaughtUp(rig, clicks, queries);
            if (keptUp || step == 8) {
                return rate;
            }
            rate = Math.floor(rate * 0.9);
        }
    }

    /** Events written to the app's inputs and not yet committed by it. */
    private static long backlog(Rig rig, String clicks, String queries) {
        return rig.endOffsets(clicks) + rig.endOffsets(queries) - rig.committed(APP_ID, clicks)
                - rig.committed(APP_ID, queries);
    }

    /** Waits until no new match arrives for a second after the throttle interval has surely passed. */
    private static void awaitMatches(FreshnessTracker tracker, long throttleMs) {
        long deadline = System.currentTimeMillis() + throttleMs + 10_000;
        long last = -1;
        long stableSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long matched = tracker.matched();
            if (matched >= tracker.written()) {
                return;
            }
            if (matched != last) {
                last = matched;
                stableSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - stableSince > throttleMs + 2_000) {
                return;
            }
            sleep(100);
        }
    }

    /** Waits until the app has committed everything written so far (a backlog would distort the next rate). */
    private static void awaitCaughtUp(Rig rig, String clicks, String queries) {
        long target = rig.endOffsets(clicks) + rig.endOffsets(queries);
        long deadline = System.currentTimeMillis() + 600_000;
        while (rig.committed(APP_ID, clicks) + rig.committed(APP_ID, queries) < target) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("app did not catch up within 10 min");
            }
            sleep(250);
        }
    }

    private static List<String> report(double rate, double max, LoadGenerator.Result result, FreshnessTracker t) {
        List<String> rows = new ArrayList<>();
        String target = String.format(Locale.ROOT, "%.0f%s", rate,
                max > 0 ? String.format(Locale.ROOT, " (%.0f%% of max)", 100 * rate / max) : "");
        for (FreshnessTracker.Type type : FreshnessTracker.Type.values()) {
            Stats all = t.stats(type, false);
            Stats leading = t.stats(type, true);
            rows.add(String.format(Locale.ROOT, "| %s | %.0f | %s | %s | %s (n=%d) | |", target, result.rate(), type,
                    triple(all), triple(leading), leading.count()));
        }
        Stats compute = t.split(true);
        Stats read = t.split(false);
        rows.add(String.format(Locale.ROOT, "| %s | | leading-edge split | written→computed %s | computed→readable %s | %d of %d |",
                target, triple(compute), triple(read), t.written() - t.matched(), t.written()));
        rows.forEach(System.out::println);
        return rows;
    }

    private static String triple(Stats s) {
        return String.format(Locale.ROOT, "%d / %d / %d", s.percentile(50), s.percentile(95), s.percentile(99));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
