package dev.attune.streams.recommend;

import dev.attune.streams.config.StreamsAppConfig;

/** Retrieval, scoring and diversification parameters (see {@link StreamsAppConfig}). */
public record RecommenderParams(
        int topN,
        int candidatePool,
        int minQuota,
        double mmrLambda,
        double compositeBlend,
        double negativePenalty,
        double negativeFloor) {

    public static RecommenderParams from(StreamsAppConfig c) {
        return new RecommenderParams(
                c.getInt(StreamsAppConfig.RECOMMEND_TOP_N),
                c.getInt(StreamsAppConfig.RECOMMEND_CANDIDATE_POOL),
                c.getInt(StreamsAppConfig.RECOMMEND_MIN_QUOTA),
                c.getDouble(StreamsAppConfig.RECOMMEND_MMR_LAMBDA),
                c.getDouble(StreamsAppConfig.RECOMMEND_COMPOSITE_BLEND),
                c.getDouble(StreamsAppConfig.NEGATIVE_PENALTY),
                c.getDouble(StreamsAppConfig.NEGATIVE_SIMILARITY_FLOOR));
    }
}
