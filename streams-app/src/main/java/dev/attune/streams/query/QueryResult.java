package dev.attune.streams.query;

import org.apache.kafka.streams.state.HostInfo;

/** The outcome of looking a key up: a value, nothing, somewhere else, or not now. */
public sealed interface QueryResult<V> {

    /** The value, read here; {@code stale} when read from a standby or a restoring copy. */
    record Found<V>(V value, boolean stale) implements QueryResult<V> {
    }

    /** The owner answered (or would answer) that the key does not exist. */
    record NotFound<V>() implements QueryResult<V> {
    }

    /** Another instance owns the key. */
    record Remote<V>(HostInfo owner, boolean localStandby) implements QueryResult<V> {
    }

    /** Nobody can answer now; try again shortly. */
    record Unavailable<V>(String reason) implements QueryResult<V> {
    }
}
