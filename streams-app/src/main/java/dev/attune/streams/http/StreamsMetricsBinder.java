package dev.attune.streams.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors every numeric Kafka Streams metric (clients, threads, tasks, processor nodes incl.
 * {@code record-e2e-latency-*}, state stores) into Micrometer. Task and node metrics come and go with
 * rebalances, so the set is re-synchronised right before each scrape rather than on a timer
 * (Micrometer's own binder refreshes once a minute, which hides a fresh instance's tasks).
 * "-total" metrics become counters (Prometheus adds the suffix back), the rest gauges.
 */
final class StreamsMetricsBinder {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsMetricsBinder.class);

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final MeterRegistry registry;
    private final Map<MetricName, Bound> bound = new HashMap<>();
    private final Set<MetricName> rejected = new HashSet<>();

    StreamsMetricsBinder(Supplier<Map<MetricName, ? extends Metric>> metrics, MeterRegistry registry) {
        this.metrics = metrics;
        this.registry = registry;
    }

    synchronized void refresh() {
        Map<MetricName, ? extends Metric> current = metrics.get();
        for (Map.Entry<MetricName, Bound> entry : new ArrayList<>(bound.entrySet())) {
            // Gone with a migrated task, or re-created under the same name: the meter would report a dead object.
            if (current.get(entry.getKey()) != entry.getValue().metric()) {
                registry.remove(entry.getValue().meter());
                bound.remove(entry.getKey());
            }
        }
        current.forEach((name, metric) -> {
            if (!bound.containsKey(name) && !rejected.contains(name) && metric.metricValue() instanceof Number) {
                bind(name, metric);
            }
        });
    }

    private void bind(MetricName name, Metric metric) {
        List<Tag> tags = new ArrayList<>();
        name.tags().forEach((key, value) -> tags.add(Tag.of(key, value)));
        String base = "kafka.streams." + name.group().replaceFirst("-metrics$", "") + "." + name.name();
        try {
            Meter meter = name.name().endsWith("-total")
                    ? FunctionCounter.builder(base.substring(0, base.length() - "-total".length()), metric, StreamsMetricsBinder::value)
                            .tags(tags).description(name.description()).register(registry)
                    : Gauge.builder(base, metric, StreamsMetricsBinder::value)
                            .tags(tags).description(name.description()).register(registry);
            bound.put(name, new Bound(metric, meter));
        } catch (IllegalArgumentException e) {
            // Prometheus needs one tag-key set per name; Kafka very rarely breaks that. Skip the odd one, once.
            rejected.add(name);
            LOG.debug("not exporting Kafka metric {}: {}", name, e.getMessage());
        }
    }

    private record Bound(Metric metric, Meter meter) {
    }

    private static double value(Metric metric) {
        Object value = metric.metricValue();
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
