package dev.attune.streams.errors;

import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Counts rejected records per reason as Kafka Streams metrics (so they appear in
 * {@code KafkaStreams#metrics()} and every exporter bound to it): group
 * {@code stream-attune-rejected-metrics}, names {@code rejected-records-total} and
 * {@code rejected-records-rate}, tags {@code thread-id} and {@code attune-rejected-id=<REASON>}.
 */
public final class RejectionMetrics {

    public static final String SCOPE = "attune-rejected";
    public static final String OPERATION = "rejected-records";

    private final StreamsMetrics metrics;
    private final Map<Reason, Sensor> sensors = new EnumMap<>(Reason.class);

    public RejectionMetrics(StreamsMetrics metrics) {
        this.metrics = metrics;
    }

    public void record(Reason reason) {
        sensors.computeIfAbsent(reason, r -> metrics.addRateTotalSensor(SCOPE, r.name(), OPERATION,
                Sensor.RecordingLevel.INFO)).record();
    }
}
