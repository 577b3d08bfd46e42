package dev.attune.streams.errors;

/** Why the streams app gave up on an input record: the value of the {@code attune.dlq.reason} header. */
public enum Reason {
    /** Not in the Confluent wire format (no magic byte). */
    NOT_WIRE_FORMAT,
    /** Shorter than its header or its Avro data. */
    TRUNCATED,
    /** The writer schema id is not in the registry. */
    UNKNOWN_SCHEMA_ID,
    /** The writer schema cannot be read as ours. */
    INCOMPATIBLE_SCHEMA,
    /** No user id in the key or the value. */
    MISSING_USER_ID,
    /** The record key is not the user id in the value, so the record sits on the wrong partition. */
    KEY_MISMATCH,
    /** No item id in a click. */
    MISSING_ITEM_ID,
    /** An event kind this version does not know (read as UNKNOWN). */
    UNKNOWN_EVENT_KIND,
    /** Event time too far ahead of the wall clock. */
    FUTURE_TIMESTAMP,
    /** A vector of another dimension than configured. */
    WRONG_DIMENSION,
    /** A vector of another model than configured. */
    WRONG_MODEL,
    /** A vector with NaN or infinite components. */
    NON_FINITE_VECTOR,
    /** A vector that is not of unit length (the contract of every vector). */
    NOT_UNIT_VECTOR,
    /** A click whose item vector did not arrive within the pending timeout. */
    ITEM_VECTOR_TIMEOUT,
    /** A click whose item vector is missing while the pending-click buffer is full. */
    PENDING_OVERFLOW
}
