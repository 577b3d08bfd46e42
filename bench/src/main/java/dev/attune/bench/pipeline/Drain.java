package dev.attune.bench.pipeline;

import dev.attune.bench.load.ProcStats;
import java.util.Locale;

/**
 * How fast a Kafka Streams app works through a topic written in advance: its consumer group's
 * committed offsets sampled every 50 ms until it has committed them all. The sustained rate is
 * taken between 10% and 90% of the input, so start-up and the last commit do not count; CPU
 * seconds of this JVM and of the broker over the same span tell where the cores went.
 */
public record Drain(String name, long events, double seconds, double sustainedRate, double appCpuSeconds,
                    double brokerCpuSeconds) {

    public double overallRate() {
        return events / seconds;
    }

    public static Drain measure(String name, Rig rig, String group, String topic, long total, long startNanos) {
        double appCpu0 = ProcStats.cpuSeconds(ProcStats.self());
        double brokerCpu0 = ProcStats.cpuSeconds(rig.brokerPid());
        long t10 = -1;
        long t90 = -1;
        long lastProgress = System.nanoTime();
        long last = -1;
        while (true) {
            long committed = rig.committed(group, topic);
            long now = System.nanoTime();
            if (t10 < 0 && committed >= total / 10) {
                t10 = now;
            }
            if (t90 < 0 && committed >= total * 9 / 10) {
                t90 = now;
            }
            if (committed >= total) {
                double sustained = t90 > t10 ? (total * 0.8) / ((t90 - t10) / 1e9) : Double.NaN;
                return new Drain(name, total, (now - startNanos) / 1e9, sustained,
                        ProcStats.cpuSeconds(ProcStats.self()) - appCpu0, ProcStats.cpuSeconds(rig.brokerPid()) - brokerCpu0);
            }
            if (committed != last) {
                last = committed;
                lastProgress = now;
            } else if (now - lastProgress > 120_000_000_000L) {
                throw new IllegalStateException(name + ": no progress for 2 min at " + committed + " of " + total);
            }
            RunningApp.sleep(50);
        }
    }

    /**
     * The rate over a fixed window after a warm-up, for an app too slow to drain the whole input in
     * reasonable time: committed offsets at the end of the warm-up and of the window.
     */
    public static Drain window(String name, Rig rig, String group, String topic, double warmupS, double windowS) {
        RunningApp.sleep((long) (warmupS * 1000));
        long before = rig.committed(group, topic);
        double appCpu0 = ProcStats.cpuSeconds(ProcStats.self());
        double brokerCpu0 = ProcStats.cpuSeconds(rig.brokerPid());
        long t0 = System.nanoTime();
        RunningApp.sleep((long) (windowS * 1000));
        long done = rig.committed(group, topic) - before;
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Drain(name, done, seconds, done / seconds, ProcStats.cpuSeconds(ProcStats.self()) - appCpu0,
                ProcStats.cpuSeconds(rig.brokerPid()) - brokerCpu0);
    }

    public String line() {
        return String.format(Locale.ROOT, "%s: %d events in %.1f s: overall %.0f/s, sustained (10%%-90%%) %.0f/s, "
                        + "CPU s: bench JVM %.1f, broker %.1f", name, events, seconds, overallRate(), sustainedRate,
                appCpuSeconds, brokerCpuSeconds);
    }
}
