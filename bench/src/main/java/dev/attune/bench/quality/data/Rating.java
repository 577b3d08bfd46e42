package dev.attune.bench.quality.data;

/**
 * One rating as read. {@code seq} is its position in the file: MovieLens gives many ratings the
 * same second, and the file order is the only stable tie-breaker.
 */
public record Rating(String userId, String itemId, double rating, long timeMillis, long seq) {
}
