package dev.attune.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.junit.jupiter.api.Test;

class StreamsMetricsBinderTest {

    private final Metrics kafka = new Metrics();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StreamsMetricsBinder binder = new StreamsMetricsBinder(kafka::metrics, registry);

    @Test
    void shouldExportTotalsAsCountersAndOtherMetricsAsGaugesWithTheirTags() {
        Sensor sensor = kafka.sensor("rejected");
        sensor.add(kafka.metricName("rejected-records-total", "stream-attune-rejected-metrics", "",
                Map.of("attune-rejected-id", "NOT_WIRE_FORMAT")), new CumulativeSum());
        sensor.add(kafka.metricName("record-e2e-latency-avg", "stream-processor-node-metrics", "",
                Map.of("processor-node-id", "clicks-source")), new Avg());
        sensor.record(4);
        sensor.record(2);

        binder.refresh();

        assertThat(registry.scrape()).contains(
                "kafka_streams_stream_attune_rejected_rejected_records_total{attune_rejected_id=\"NOT_WIRE_FORMAT\"} 6.0",
                "kafka_streams_stream_processor_node_record_e2e_latency_avg{processor_node_id=\"clicks-source\"} 3.0");
    }

    @Test
    void shouldDropMetricsThatKafkaRemovedWhenATaskMovedAway() {
        MetricName name = kafka.metricName("process-rate", "stream-task-metrics", "", Map.of("task-id", "0_1"));
        kafka.sensor("task").add(name, new Avg());
        binder.refresh();
        assertThat(registry.scrape()).contains("task_id=\"0_1\"");

        kafka.removeMetric(name);
        binder.refresh();

        assertThat(registry.scrape()).doesNotContain("task_id=\"0_1\"");
    }
}
