package dev.attune.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that is not (or cannot be turned into) Attune's Avro in the Confluent wire format.
 *
 * <p>It extends Kafka's {@link SerializationException} so Kafka's own deserialization handlers
 * see it, and carries a {@link Reason} that a dead-letter handler writes into the record's headers.
 */
public class WireFormatException extends SerializationException {

    /** Why a record could not be read or written. The names are the values of the dead-letter reason header. */
    public enum Reason {
        /** Empty payload, or the first byte is not the wire format's magic byte 0. */
        NOT_WIRE_FORMAT,
        /** Fewer bytes than the 5-byte header, or Avro data that ends early. */
        TRUNCATED,
        /** The schema id in the header is not known to the registry. */
        UNKNOWN_SCHEMA_ID,
        /** The writer's schema cannot be read with ours (incompatible evolution), or the bytes do not match it. */
        INCOMPATIBLE_SCHEMA,
        /** The registry could not be reached or answered with an error. */
        REGISTRY_UNAVAILABLE
    }

    private final Reason reason;

    public WireFormatException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public WireFormatException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
