package dev.attune.streams.recommend;

import org.apache.lucene.util.VectorUtil;

/**
 * Maximal marginal relevance over a candidate pool: each pick maximises
 * {@code lambda * relevance - (1 - lambda) * redundancy}, where redundancy is the candidate's highest
 * similarity to anything picked so far. Redundancy is kept per candidate and raised with the newest
 * pick only, so picking n of P candidates costs P * n dot products (not P * n² / 2).
 */
public final class MmrReranker {

    private final double lambda;

    public MmrReranker(double lambda) {
        if (lambda < 0 || lambda > 1) {
            throw new IllegalArgumentException("lambda must lie in [0, 1], got " + lambda);
        }
        this.lambda = lambda;
    }

    /** A selection over unit vectors and their relevance; the arrays are read, never modified. */
    public Selection select(float[][] vectors, double[] relevance) {
        if (vectors.length != relevance.length) {
            throw new IllegalArgumentException(vectors.length + " vectors but " + relevance.length + " relevances");
        }
        return new Selection(vectors, relevance);
    }

    /** Picks one candidate at a time, so a caller can drop a pick (e.g. an item deleted meanwhile) and go on. */
    public final class Selection {
        private final float[][] vectors;
        private final double[] gain;
        private final double[] redundancy;
        private final boolean[] used;
        private int last = -1;
        private double lastScore = Double.NaN;

        private Selection(float[][] vectors, double[] relevance) {
            this.vectors = vectors;
            this.gain = new double[relevance.length];
            for (int i = 0; i < relevance.length; i++) {
                gain[i] = lambda * relevance[i];
            }
            this.redundancy = new double[relevance.length];
            this.used = new boolean[relevance.length];
        }

        /** Index of the next pick, or -1 when every candidate is picked. */
        public int next() {
            double penalty = 1 - lambda;
            float[] picked = last < 0 ? null : vectors[last];
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < vectors.length; i++) {
                if (used[i]) {
                    continue;
                }
                if (picked != null && penalty > 0) {
                    redundancy[i] = Math.max(redundancy[i], VectorUtil.dotProduct(vectors[i], picked));
                }
                double score = gain[i] - penalty * redundancy[i];
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            if (best >= 0) {
                used[best] = true;
                last = best;
                lastScore = bestScore;
            }
            return best;
        }

        /** The MMR score of the latest pick. */
        public double score() {
            return lastScore;
        }
    }
}
