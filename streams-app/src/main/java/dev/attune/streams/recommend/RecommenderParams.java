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
        double negativeFloor,
        double popularityWeight,
        int popularityCandidates,
        double cooccurrenceWeight,
        int cooccurrenceCandidates,
        int cooccurrenceWindow) {

    public static RecommenderParams from(StreamsAppConfig c) {
        return new RecommenderParams(
                c.getInt(StreamsAppConfig.RECOMMEND_TOP_N),
                c.getInt(StreamsAppConfig.RECOMMEND_CANDIDATE_POOL),
                c.getInt(StreamsAppConfig.RECOMMEND_MIN_QUOTA),
                c.getDouble(StreamsAppConfig.RECOMMEND_MMR_LAMBDA),
                c.getDouble(StreamsAppConfig.RECOMMEND_COMPOSITE_BLEND),
                c.getDouble(StreamsAppConfig.NEGATIVE_PENALTY),
                c.getDouble(StreamsAppConfig.NEGATIVE_SIMILARITY_FLOOR),
                c.getDouble(StreamsAppConfig.RECOMMEND_POPULARITY_WEIGHT),
                c.getInt(StreamsAppConfig.RECOMMEND_POPULARITY_CANDIDATES),
                c.getDouble(StreamsAppConfig.RECOMMEND_COOCCURRENCE_WEIGHT),
                c.getInt(StreamsAppConfig.RECOMMEND_COOCCURRENCE_CANDIDATES),
                c.getInt(StreamsAppConfig.COOCCURRENCE_WINDOW));
    }

    /** The same parameters with another popularity weight (the offline evaluator sweeps it). */
    public RecommenderParams withPopularityWeight(double weight) {
        return new RecommenderParams(topN, candidatePool, minQuota, mmrLambda, compositeBlend, negativePenalty,
                negativeFloor, weight, popularityCandidates, cooccurrenceWeight, cooccurrenceCandidates, cooccurrenceWindow);
    }

    /** The same parameters with another co-occurrence weight (the offline evaluator sweeps it). */
    public RecommenderParams withCooccurrenceWeight(double weight) {
        return new RecommenderParams(topN, candidatePool, minQuota, mmrLambda, compositeBlend, negativePenalty,
                negativeFloor, popularityWeight, popularityCandidates, weight, cooccurrenceCandidates, cooccurrenceWindow);
    }
}
