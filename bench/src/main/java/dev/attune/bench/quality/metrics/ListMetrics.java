package dev.attune.bench.quality.metrics;

import dev.attune.vector.Vectors;

import java.util.List;
import java.util.function.Function;

/** Metrics of a list itself rather than of its hits. */
public final class ListMetrics {

    private ListMetrics() {
    }

    /**
     * Intra-list diversity of the top K: the mean over item pairs of (1 - cosine) of their unit vectors;
     * 0 when every item is the same, about 1 for unrelated items. Items without a vector are skipped; a list
     * with fewer than two vectors has diversity 0.
     */
    public static double intraListDiversity(List<String> ranked, int k, Function<String, float[]> vectorOf) {
        List<float[]> vectors = ranked.stream().limit(k).map(vectorOf).filter(v -> v != null).toList();
        int n = vectors.size();
        if (n < 2) {
            return 0.0;
        }
        double sum = 0;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                sum += 1.0 - Vectors.dot(vectors.get(a), vectors.get(b));
            }
        }
        return sum / (n * (n - 1) / 2.0);
    }
}
