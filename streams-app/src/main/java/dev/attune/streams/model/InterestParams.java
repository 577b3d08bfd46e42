package dev.attune.streams.model;

import dev.attune.streams.config.StreamsAppConfig;

/** The interest model's parameters (see {@link StreamsAppConfig} for meaning and defaults). */
public record InterestParams(
        int maxInterests,
        double assignThreshold,
        double mergeMinSimilarity,
        long halfLifeMs,
        double softmaxTemperature,
        double minStrength,
        int evidenceMax,
        int recentMax,
        int negativeMax,
        double negativeMergeThreshold,
        long negativeHalfLifeMs,
        int centroidBits,
        int seenFilterVersion) {

    public static InterestParams from(StreamsAppConfig c) {
        return new InterestParams(
                c.getInt(StreamsAppConfig.INTEREST_MAX),
                c.getDouble(StreamsAppConfig.INTEREST_ASSIGN_THRESHOLD),
                c.getDouble(StreamsAppConfig.INTEREST_MERGE_MIN_SIMILARITY),
                c.getLong(StreamsAppConfig.INTEREST_HALF_LIFE_MS),
                c.getDouble(StreamsAppConfig.INTEREST_SOFTMAX_TEMPERATURE),
                c.getDouble(StreamsAppConfig.INTEREST_MIN_STRENGTH),
                c.getInt(StreamsAppConfig.INTEREST_EVIDENCE_MAX),
                c.getInt(StreamsAppConfig.INTEREST_RECENT_MAX),
                c.getInt(StreamsAppConfig.NEGATIVE_MAX),
                c.getDouble(StreamsAppConfig.NEGATIVE_MERGE_THRESHOLD),
                c.getLong(StreamsAppConfig.NEGATIVE_HALF_LIFE_MS),
                c.getInt(StreamsAppConfig.INTEREST_CENTROID_BITS),
                c.getInt(StreamsAppConfig.INTEREST_SEEN_FILTER_VERSION));
    }

    /** The documented defaults. */
    public static InterestParams defaults() {
        return from(StreamsAppConfig.of(java.util.Map.of()));
    }
}
