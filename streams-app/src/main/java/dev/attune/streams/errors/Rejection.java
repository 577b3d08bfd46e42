package dev.attune.streams.errors;

/** A reason and a human-readable detail for the dead-letter headers. */
public record Rejection(Reason reason, String detail) {
}
