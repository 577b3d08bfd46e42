package dev.attune.bench.pipeline;

import dev.attune.streams.processor.RefreshMetrics;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The streams app's refresh counters ({@link RefreshMetrics}: lists computed, interests searched, interests whose
 * candidates came from the refresher's cache, of them those re-ranked from a nearby centroid's hits), summed over the
 * tasks. Counts, unlike this machine's CPU times, do not drift: they show whether a change saves work at all.
 */
public record RefreshCounts(double refreshes, double searches, double reuses, double nearbyReuses) {

    /** The counters' totals among {@code metrics} (a {@code KafkaStreams}' or a test driver's). */
    public static RefreshCounts of(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Double> totals = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            if (name.group().equals(RefreshMetrics.GROUP) && name.name().endsWith("-total")
                    && metric.metricValue() instanceof Number value) {
                totals.merge(name.name(), value.doubleValue(), Double::sum);
            }
        });
        return new RefreshCounts(totals.getOrDefault("refreshes-total", 0.0),
                totals.getOrDefault("interest-searches-total", 0.0), totals.getOrDefault("interest-reuses-total", 0.0),
                totals.getOrDefault("interest-nearby-reuses-total", 0.0));
    }

    /** What was counted from {@code earlier} to these. */
    public RefreshCounts since(RefreshCounts earlier) {
        return new RefreshCounts(refreshes - earlier.refreshes, searches - earlier.searches, reuses - earlier.reuses,
                nearbyReuses - earlier.nearbyReuses);
    }

    /** One line: refreshes per {@code per} (e.g. an op, an event), and the interests searched and reused a refresh. */
    public String describe(double events, String per) {
        return String.format(Locale.ROOT,
                "%.3f refreshes per %s; per refresh %.3f interests searched, %.3f reused (%.3f from a nearby centroid)",
                refreshes / events, per, searches / refreshes, reuses / refreshes, nearbyReuses / refreshes);
    }
}
