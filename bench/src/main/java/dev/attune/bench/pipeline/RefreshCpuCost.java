package dev.attune.bench.pipeline;

import dev.attune.streams.config.StreamsAppConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-event cost of {@link ProcessorCostBenchmark}'s two operations in <b>CPU time of the calling
 * thread</b> rather than wall time: on a machine shared with other busy processes, wall-clock JMH
 * figures measure the contention as much as the code; the thread's own CPU time does not (cache
 * effects aside). Same setup as the JMH benchmark (it calls it directly).
 *
 * <p>{@code age=N} first runs N more clicks through the topology, untimed: the topology's collaborative state
 * (co-occurrence rows, click counts) then fills as a long-running app's does, and {@code clickThroughTopology} pays
 * for what an aged state costs per refresh (bench/RESULTS.md: the freshness bench slows as its state ages). The
 * pure-model operations ({@code updateAndRecommend...}) use neither, so aging does not change them.
 *
 * <p>Other {@code key=value} arguments are the app's settings (e.g. {@code recommend.candidate.pool=50}; a key the app
 * does not define is refused) over its defaults, so that a setting's CPU cost is measured without changing code.
 * <pre>java -cp ... dev.attune.bench.pipeline.RefreshCpuCost [items=10000] [warmup=2000] [ops=3000] [age=0]
 *     [only=clickThroughTopology] [app.setting=value ...]</pre>
 */
public final class RefreshCpuCost {

    private RefreshCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        int items = 10_000;
        int warmup = 2_000;
        int ops = 3_000;
        int age = 0;
        String only = null;
        Map<String, String> appSettings = new TreeMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            switch (kv[0]) {
                case "items" -> items = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                case "ops" -> ops = Integer.parseInt(kv[1]);
                case "age" -> age = Integer.parseInt(kv[1]);
                case "only" -> only = kv[1];
                default -> {
                    if (kv.length != 2 || !StreamsAppConfig.DEFINITION.names().contains(kv[0])) {
                        throw new IllegalArgumentException("unknown argument " + arg
                                + " (items, warmup, ops, age, only, or one of the app's settings as key=value)");
                    }
                    appSettings.put(kv[0], kv[1]);
                }
            }
        }
        List<String> operations = List.of("updateAndRecommend", "updateAndRecommendCached", "clickThroughTopology");
        if (only != null && !operations.contains(only)) {
            throw new IllegalArgumentException("only= must name one of " + operations + ", got " + only);
        }
        ProcessorCostBenchmark bench = new ProcessorCostBenchmark();
        bench.items = items;
        bench.appSettings = appSettings;
        bench.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long aging = System.nanoTime();
        for (int i = 0; i < age; i++) {
            bench.clickThroughTopology();
        }
        if (age > 0) {
            System.out.printf(Locale.ROOT, "aged by %d clicks in %.0f s%n", age, (System.nanoTime() - aging) / 1e9);
        }
        for (String op : operations) {
            if (only != null && !only.equals(op)) {
                continue;
            }
            Runnable call = switch (op) {
                case "updateAndRecommend" -> bench::updateAndRecommend;
                case "updateAndRecommendCached" -> bench::updateAndRecommendCached;
                default -> bench::clickThroughTopology;
            };
            for (int i = 0; i < warmup; i++) {
                call.run();
            }
            RefreshCounts counted = bench.refreshCounts();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                call.run();
            }
            double cpuUs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / ops;
            double wallUs = (System.nanoTime() - wall0) / 1e3 / ops;
            System.out.printf(Locale.ROOT,
                    "%s items=%d age=%d%s: %.0f us CPU/op (calling thread), %.0f us wall/op, %d ops%n",
                    op, items, age, appSettings.isEmpty() ? "" : " " + appSettings, cpuUs, wallUs, ops);
            if (op.equals("clickThroughTopology")) {
                System.out.println("  " + bench.refreshCounts().since(counted).describe(ops, "op"));
            }
        }
        bench.tearDown();
        System.exit(0);
    }
}
