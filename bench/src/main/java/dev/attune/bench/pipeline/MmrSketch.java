package dev.attune.bench.pipeline;

import dev.attune.vector.Vectors;

/**
 * Two ways to run the recommender's MMR selection (pick N of P candidates, each step maximising
 * lambda * relevance - (1 - lambda) * max similarity to what is already picked), to size a
 * proposed engine change. {@link #current} mirrors {@code Recommender.diversify} today: at every
 * step it recomputes each candidate's similarity to every picked item, about P * N^2 / 2 dot
 * products. {@link #incremental} keeps each candidate's running maximum and updates it with the
 * newly picked item only: P * N dot products, the same picks.
 */
public final class MmrSketch {

    private MmrSketch() {
    }

    /** Indices of the picked candidates, in pick order (today's algorithm). */
    public static int[] current(float[][] vectors, double[] relevance, int n, double lambda) {
        int[] picked = new int[Math.min(n, vectors.length)];
        boolean[] used = new boolean[vectors.length];
        for (int step = 0; step < picked.length; step++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < vectors.length; i++) {
                if (used[i]) {
                    continue;
                }
                double redundancy = 0;
                for (int p = 0; p < step; p++) {
                    redundancy = Math.max(redundancy, Vectors.dot(vectors[i], vectors[picked[p]]));
                }
                double score = lambda * relevance[i] - (1 - lambda) * redundancy;
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            used[best] = true;
            picked[step] = best;
        }
        return picked;
    }

    /** The same picks with one pass over the candidates per step. */
    public static int[] incremental(float[][] vectors, double[] relevance, int n, double lambda) {
        return incremental(vectors, relevance, n, lambda, Vectors::dot);
    }

    /**
     * Incremental, with Lucene's {@code VectorUtil.dotProduct} (several accumulators on Java 17,
     * SIMD on 21+ with the vector module) instead of {@code Vectors.dot}'s single-accumulator loop.
     * Sums in another order, so a near-tie may pick differently.
     */
    public static int[] incrementalLucene(float[][] vectors, double[] relevance, int n, double lambda) {
        return incremental(vectors, relevance, n, lambda, org.apache.lucene.util.VectorUtil::dotProduct);
    }

    /** A dot product. */
    @FunctionalInterface
    interface Dot {
        float dot(float[] a, float[] b);
    }

    private static int[] incremental(float[][] vectors, double[] relevance, int n, double lambda, Dot dot) {
        int[] picked = new int[Math.min(n, vectors.length)];
        boolean[] used = new boolean[vectors.length];
        double[] redundancy = new double[vectors.length];
        for (int step = 0; step < picked.length; step++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < vectors.length; i++) {
                if (used[i]) {
                    continue;
                }
                if (step > 0) {
                    redundancy[i] = Math.max(redundancy[i], dot.dot(vectors[i], vectors[picked[step - 1]]));
                }
                double score = lambda * relevance[i] - (1 - lambda) * redundancy[i];
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            used[best] = true;
            picked[step] = best;
        }
        return picked;
    }
}
