package dev.attune.bench.pipeline;

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
 */
public final class ThreadTime {

    private static final String GROUP = "stream-thread-metrics";

    private final KafkaStreams streams;
    private Map<String, Double> blockedBefore;
    private long before = System.nanoTime();

    public ThreadTime(KafkaStreams streams) {
        this.streams = streams;
        blockedBefore = blockedNanos();
    }

    /** One line per stream thread since the last call (or construction), and starts the next interval. */
    public String lines() {
        long now = System.nanoTime();
        Map<String, Double> blocked = blockedNanos();
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
        blockedBefore = blocked;
        before = now;
        return out.toString();
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
