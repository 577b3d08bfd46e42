package dev.attune.bench.pipeline;

import dev.attune.bench.load.CpuSplit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Where the stream threads' wall time went, from Kafka Streams' own thread metrics ({@code stream-thread-metrics}):
 * the share of each loop phase (poll, process, punctuate, commit: windowed averages over the last minute or so) and
 * the time blocked on Kafka since the last snapshot ({@code blocked-time-ns-total}: waiting for the consumer's fetches
 * and the producer's flushes and transaction calls). A thread far from fully busy with a growing backlog waits on
 * Kafka rather than on its cores.
 *
 * <p>Also the stream threads' CPU time per event (the JVM's per-thread CPU clock; the app must run in this JVM): on
 * a shared machine whose speed drifts by more than a change moves the sustained rate, the CPU an event costs is the
 * steadier figure to compare side by side. And where the machine's cores went meanwhile ({@link CpuSplit}): the
 * stream threads get what the broker, the harness and other processes leave them.
 */
public final class ThreadTime {

    private static final String GROUP = "stream-thread-metrics";

    private final KafkaStreams streams;
    private final ThreadMXBean cpuClock = ManagementFactory.getThreadMXBean();
    private final CpuSplit machine;
    private Map<String, Double> blockedBefore;
    private Map<Long, Long> cpuBefore;
    private RefreshCounts refreshesBefore;
    private long before = System.nanoTime();

    /** {@code brokerPid}: the broker's process, whose CPU the machine's split names apart. */
    public ThreadTime(KafkaStreams streams, long brokerPid) {
        this.streams = streams;
        this.machine = new CpuSplit(brokerPid);
        blockedBefore = blockedNanos();
        cpuBefore = streamThreadCpuNanos();
        refreshesBefore = RefreshCounts.of(streams.metrics());
    }

    /**
     * One line per stream thread since the last call (or construction), then their CPU time for the {@code events}
     * written meanwhile, where the machine's cores went ({@link CpuSplit}) and what the refreshes did
     * ({@link RefreshCounts}), and starts the next interval.
     */
    public String lines(long events) {
        long now = System.nanoTime();
        Map<String, Double> blocked = blockedNanos();
        Map<Long, Long> cpu = streamThreadCpuNanos();
        Map<String, Map<String, Double>> ratios = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.group().equals(GROUP) && name.name().endsWith("-ratio")
                    && e.getValue().metricValue() instanceof Number value) {
                ratios.computeIfAbsent(thread(name), t -> new TreeMap<>()).put(name.name(), value.doubleValue());
            }
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Map<String, Double>> thread : ratios.entrySet()) {
            Map<String, Double> r = thread.getValue();
            double blockedShare = (blocked.getOrDefault(thread.getKey(), 0.0)
                    - blockedBefore.getOrDefault(thread.getKey(), 0.0)) / (now - before);
            out.append(String.format(Locale.ROOT, "  %s: poll %.0f%%, process %.0f%%, punctuate %.0f%%, commit %.0f%%;"
                            + " blocked on Kafka %.0f%% of the interval%n", thread.getKey(),
                    100 * r.getOrDefault("poll-ratio", Double.NaN), 100 * r.getOrDefault("process-ratio", Double.NaN),
                    100 * r.getOrDefault("punctuate-ratio", Double.NaN), 100 * r.getOrDefault("commit-ratio", Double.NaN),
                    100 * blockedShare));
        }
        long cpuNanos = 0;
        for (Map.Entry<Long, Long> thread : cpu.entrySet()) {
            cpuNanos += thread.getValue() - cpuBefore.getOrDefault(thread.getKey(), 0L);
        }
        out.append(String.format(Locale.ROOT, "  stream threads' CPU: %.0f ms per 1k events (%d events written, %.0f%%"
                        + " of one core)%n", events == 0 ? Double.NaN : cpuNanos / 1e3 / events, events,
                100.0 * cpuNanos / (now - before)));
        out.append(machine.line(cpuNanos / 1e9));
        RefreshCounts refreshes = RefreshCounts.of(streams.metrics());
        RefreshCounts window = refreshes.since(refreshesBefore);
        // per refresh too: how many events the throttle coalesces into one refresh varies between runs (0.65-0.92
        // refreshes an event at 700/s), and moves the per-event figure with it
        out.append(String.format(Locale.ROOT, "  %s; %.0f us of the stream threads' CPU per refresh%n",
                window.describe(events, "event written"), window.refreshes() == 0 ? Double.NaN
                        : cpuNanos / 1e3 / window.refreshes()));
        refreshesBefore = refreshes;
        blockedBefore = blocked;
        cpuBefore = cpu;
        before = now;
        return out.toString();
    }

    /** CPU nanoseconds of each live stream thread of this JVM, by thread id. */
    private Map<Long, Long> streamThreadCpuNanos() {
        Map<Long, Long> cpu = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            long nanos = thread.getName().contains("-StreamThread-") ? cpuClock.getThreadCpuTime(thread.getId()) : -1;
            if (nanos >= 0) {
                cpu.put(thread.getId(), nanos);
            }
        }
        return cpu;
    }

    private Map<String, Double> blockedNanos() {
        Map<String, Double> blocked = new TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals(GROUP) && name.name().equals("blocked-time-ns-total")
                    && metric.metricValue() instanceof Number value) {
                blocked.put(thread(name), value.doubleValue());
            }
        });
        return blocked;
    }

    private static String thread(MetricName name) {
        String id = name.tags().getOrDefault("thread-id", "?");
        return id.substring(id.lastIndexOf("StreamThread") < 0 ? 0 : id.lastIndexOf("StreamThread"));
    }
}
