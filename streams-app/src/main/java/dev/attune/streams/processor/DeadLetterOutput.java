package dev.attune.streams.processor;

import dev.attune.kafka.DeadLetters;
import dev.attune.streams.errors.Rejection;
import dev.attune.streams.errors.RejectionMetrics;
import dev.attune.streams.topology.ProcessorNames;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record the app gave up on to the dead-letter sink: original key and value bytes,
 * original headers, and the {@link DeadLetters} headers with the reason. Being a topology sink,
 * it is written in the same transaction as everything else under exactly_once_v2.
 */
public final class DeadLetterOutput {

    public static final String SERVICE = "streams-app";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOutput.class);

    private final ProcessorContext<Object, Object> context;
    private final RejectionMetrics metrics;

    public DeadLetterOutput(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.metrics = new RejectionMetrics(context.metrics());
    }

    public void send(byte[] key, byte[] value, Headers original, long timestamp, Rejection rejection,
                     String topic, int partition, long offset) {
        Headers headers = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
        DeadLetters.stamp(headers, SERVICE, rejection.reason().name(), rejection.detail(), topic, partition, offset);
        context.forward(new Record<Object, Object>(key, value, timestamp, headers), ProcessorNames.DEAD_LETTER_SINK);
        metrics.record(rejection.reason());
        LOG.debug("dead-lettered {}-{}@{}: {} ({})", topic, partition, offset, rejection.reason(), rejection.detail());
    }
}
