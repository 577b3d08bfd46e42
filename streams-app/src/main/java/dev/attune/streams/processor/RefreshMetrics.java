package dev.attune.streams.processor;

import dev.attune.streams.recommend.RetrievalCache;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * How a task's refreshes spend their time, as Kafka Streams metrics (in {@code KafkaStreams#metrics()} and every
 * exporter bound to it), group {@value #GROUP}, tag {@code task-id}:
 * <ul>
 *   <li>{@code refreshes-total} / {@code -rate}: lists computed;</li>
 *   <li>{@code interest-searches-total} / {@code -rate}: interests whose candidates came from a vector search (most
 *       of a refresh's cost);</li>
 *   <li>{@code interest-reuses-total} / {@code -rate}: interests whose candidates came from the task's
 *       {@link RetrievalCache} ({@code refresh.cache.bytes} earns its memory when these are many);</li>
 *   <li>{@code interest-nearby-reuses-total} / {@code -rate}: of those, interests whose cached hits were searched with
 *       a nearby centroid and re-ranked ({@code refresh.cache.nearby.min.cosine}).</li>
 * </ul>
 */
public final class RefreshMetrics implements AutoCloseable {

    /** The metrics group, for readers of the app's metrics (benches, exporters' filters). */
    public static final String GROUP = "stream-attune-refresh-metrics";

    private final StreamsMetrics metrics;
    private final RetrievalCache cache;
    private final Sensor refreshes;
    private final Sensor searches;
    private final Sensor reuses;
    private final Sensor nearbyReuses;
    private long searchesSeen;
    private long reusesSeen;
    private long nearbyReusesSeen;

    RefreshMetrics(StreamsMetrics metrics, String taskId, RetrievalCache cache) {
        this.metrics = metrics;
        this.cache = cache;
        this.refreshes = sensor(taskId, "refreshes", "lists computed");
        this.searches = sensor(taskId, "interest-searches", "interests whose candidates came from a vector search");
        this.reuses = sensor(taskId, "interest-reuses", "interests whose candidates came from the retrieval cache");
        this.nearbyReuses = sensor(taskId, "interest-nearby-reuses",
                "interests whose candidates came from the retrieval cache's hits of a nearby centroid, re-ranked");
    }

    /** A sensor whose recorded values are summed, with their rate per second. */
    private Sensor sensor(String taskId, String name, String what) {
        Map<String, String> tags = Map.of("task-id", taskId);
        Sensor sensor = metrics.addSensor("attune-refresh." + taskId + "." + name, Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(name + "-total", GROUP, "Total " + what, tags), new CumulativeSum());
        sensor.add(new MetricName(name + "-rate", GROUP, what + " per second", tags), new Rate());
        return sensor;
    }

    /** After each refresh: one more list, and the cache's searches and reuses since the last call. */
    void recordRefresh() {
        refreshes.record(1);
        searches.record(cache.searches() - searchesSeen);
        reuses.record(cache.reuses() - reusesSeen);
        nearbyReuses.record(cache.nearbyReuses() - nearbyReusesSeen);
        searchesSeen = cache.searches();
        reusesSeen = cache.reuses();
        nearbyReusesSeen = cache.nearbyReuses();
    }

    /** The task is closed (it may move to another instance or thread): its metrics go with it. */
    @Override
    public void close() {
        List.of(refreshes, searches, reuses, nearbyReuses).forEach(metrics::removeSensor);
    }
}
