package dev.attune.bench.load;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;

/**
 * Draws index i with probability weight[i] / sum(weight) in O(1) (Vose's alias method), so a load
 * generator can pick among 100k users or items per event without a binary search.
 */
public final class AliasSampler {

    private final double[] probability;
    private final int[] alias;

    public AliasSampler(double[] weights) {
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("no weights");
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite and non-negative");
            }
            sum += w;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("weights sum to zero");
        }
        probability = new double[n];
        alias = new int[n];
        double[] scaled = new double[n];
        Deque<Integer> small = new ArrayDeque<>();
        Deque<Integer> large = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / sum;
            (scaled[i] < 1 ? small : large).push(i);
        }
        while (!small.isEmpty() && !large.isEmpty()) {
            int s = small.pop();
            int l = large.pop();
            probability[s] = scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            (scaled[l] < 1 ? small : large).push(l);
        }
        // Leftovers are 1 up to rounding error.
        large.forEach(i -> probability[i] = 1);
        small.forEach(i -> probability[i] = 1);
    }

    public int size() {
        return probability.length;
    }

    public int next(SplittableRandom random) {
        int column = random.nextInt(probability.length);
        return random.nextDouble() < probability[column] ? column : alias[column];
    }
}
