package dev.attune.streams.processor;

/**
 * A validated input value together with where it came from, so that a later step (a click that
 * waited too long for its item) can still dead-letter the original bytes.
 */
public record Decoded<T>(T value, byte[] rawValue, String topic, int partition, long offset) {
}
