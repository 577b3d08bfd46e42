package dev.attune.streams.recommend;

import dev.attune.vector.Vectors;

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

    /**
     * Picks one candidate at a time, so a caller can drop a pick (e.g. an item deleted meanwhile) and go on.
     * Lazy greedy: redundancy only grows, so a candidate's score computed against fewer picks is an upper
     * bound of its score now. Candidates wait in a heap by that bound; the top one is brought up to date
     * (dot products with the picks it has not seen) and taken if it still beats the next bound, else put
     * back. The picks are the same as recomputing every candidate at every step; most candidates of a
     * large pool are never brought up to date.
     */
    public final class Selection {
        private final float[][] vectors;
        private final double[] gain;
        private final double[] bound;
        private final double[] redundancy;
        /** How many of the picks each candidate's redundancy includes. */
        private final int[] seenPicks;
        private final int[] picks;
        /**
         * Candidates waiting, a binary heap of their indexes in {@link #byBound} order ({@code waiting[0]} first):
         * of ints, not a {@code PriorityQueue} of boxed ones, each boxed and compared through a comparator (the
         * selection's share of the stream threads' samples under freshness traffic: 4.2% with those, 1.9% with this;
         * bench/RESULTS.md 2026-12-02, late morning).
         */
        private final int[] waiting;
        private int waitingCount;
        private int picked;
        private double lastScore = Double.NaN;

        private Selection(float[][] vectors, double[] relevance) {
            this.vectors = vectors;
            this.gain = new double[relevance.length];
            for (int i = 0; i < relevance.length; i++) {
                gain[i] = lambda * relevance[i];
            }
            this.bound = gain.clone();
            this.redundancy = new double[relevance.length];
            this.seenPicks = new int[relevance.length];
            this.picks = new int[relevance.length];
            this.waiting = new int[relevance.length];
            for (int i = 0; i < relevance.length; i++) {
                waiting[i] = i;
            }
            waitingCount = relevance.length;
            for (int i = waitingCount / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }

        /** Highest bound first; the lower index first among equals (as a scan with a strict > would pick). */
        private int byBound(int a, int b) {
            int c = Double.compare(bound[b], bound[a]);
            return c != 0 ? c : Integer.compare(a, b);
        }

        /** Index of the next pick, or -1 when every candidate is picked. */
        public int next() {
            while (waitingCount > 0) {
                int i = poll();
                if (seenPicks[i] < picked) {
                    catchUp(i);
                    if (waitingCount > 0 && byBound(waiting[0], i) < 0) {
                        add(i);
                        continue;
                    }
                }
                picks[picked++] = i;
                lastScore = bound[i];
                return i;
            }
            return -1;
        }

        private int poll() {
            int top = waiting[0];
            waiting[0] = waiting[--waitingCount];
            siftDown(0);
            return top;
        }

        private void add(int candidate) {
            int at = waitingCount++;
            while (at > 0) {
                int parent = (at - 1) / 2;
                if (byBound(waiting[parent], candidate) <= 0) {
                    break;
                }
                waiting[at] = waiting[parent];
                at = parent;
            }
            waiting[at] = candidate;
        }

        private void siftDown(int at) {
            int candidate = waiting[at];
            int half = waitingCount / 2;
            while (at < half) {
                int child = 2 * at + 1;
                if (child + 1 < waitingCount && byBound(waiting[child + 1], waiting[child]) < 0) {
                    child++;
                }
                if (byBound(candidate, waiting[child]) <= 0) {
                    break;
                }
                waiting[at] = waiting[child];
                at = child;
            }
            waiting[at] = candidate;
        }

        private void catchUp(int i) {
            double penalty = 1 - lambda;
            if (penalty > 0) {
                for (int p = seenPicks[i]; p < picked; p++) {
                    redundancy[i] = Math.max(redundancy[i], Vectors.dot(vectors[i], vectors[picks[p]]));
                }
                bound[i] = gain[i] - penalty * redundancy[i];
            }
            seenPicks[i] = picked;
        }

        /** The MMR score of the latest pick. */
        public double score() {
            return lastScore;
        }
    }
}
