package dev.attune.streams.processor;

import dev.attune.serde.WireFormatException;
import dev.attune.streams.errors.Reason;
import dev.attune.streams.errors.Rejection;
import dev.attune.streams.topology.ProcessorNames;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The first step after a source: decodes the raw bytes and checks the value, forwarding a
 * {@link Decoded} value to the interest updater or the original bytes to the dead-letter sink.
 * Sources read bytes (not Avro) so that every rejection, a decoding one included, keeps the
 * original bytes and our reason headers. A registry outage is not the record's fault: it is
 * rethrown so the record is retried rather than dead-lettered.
 */
abstract class InputValidator<T> implements Processor<byte[], byte[], Object, Object> {

    private final Deserializer<T> deserializer;
    private final long maxFutureSkewMs;
    private ProcessorContext<Object, Object> context;
    private DeadLetterOutput deadLetters;

    InputValidator(Deserializer<T> deserializer, long maxFutureSkewMs) {
        this.deserializer = deserializer;
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.deadLetters = new DeadLetterOutput(context);
    }

    /** Null when {@code value}, keyed by {@code key}, may be processed; else why not. */
    abstract Rejection check(String key, T value, long now);

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        if (record.value() == null) {
            return; // a tombstone on an event topic means nothing
        }
        T value;
        try {
            value = deserializer.deserialize(meta.topic(), record.headers(), record.value());
        } catch (WireFormatException e) {
            if (e.reason() == WireFormatException.Reason.REGISTRY_UNAVAILABLE) {
                throw e;
            }
            reject(record, meta, new Rejection(Reason.valueOf(e.reason().name()), e.getMessage()));
            return;
        } catch (SerializationException e) {
            reject(record, meta, new Rejection(Reason.INCOMPATIBLE_SCHEMA, e.getMessage()));
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        Rejection problem = check(key, value, context.currentSystemTimeMs());
        if (problem != null) {
            reject(record, meta, problem);
            return;
        }
        Decoded<T> decoded = new Decoded<>(value, record.value(), meta.topic(), meta.partition(), meta.offset());
        context.forward(new Record<Object, Object>(key, decoded, record.timestamp(), record.headers()),
                ProcessorNames.INTEREST_UPDATER);
    }

    /** The checks every user event shares: a user id equal to the key, and a believable event time. */
    Rejection checkUserAndTime(String key, String userId, long eventTime, long now) {
        if (key == null || key.isBlank() || userId == null || userId.isBlank()) {
            return new Rejection(Reason.MISSING_USER_ID, "key '" + key + "', userId '" + userId + "'");
        }
        if (!key.equals(userId)) {
            return new Rejection(Reason.KEY_MISMATCH, "key '" + key + "' but userId '" + userId + "'");
        }
        if (eventTime > now + maxFutureSkewMs) {
            return new Rejection(Reason.FUTURE_TIMESTAMP, "event time " + eventTime + " is "
                    + (eventTime - now) + " ms ahead of the wall clock " + now);
        }
        return null;
    }

    private void reject(Record<byte[], byte[]> record, RecordMetadata meta, Rejection rejection) {
        deadLetters.send(record.key(), record.value(), record.headers(), record.timestamp(), rejection,
                meta.topic(), meta.partition(), meta.offset());
    }
}
