package dev.attune.bench.quality.metrics;

import java.util.List;
import java.util.Set;

/**
 * Per-user ranking metrics with binary relevance, as in ComiRec (Cen et al., KDD 2020):
 * <ul>
 *   <li>Recall@K = hits in the top K / number of targets;</li>
 *   <li>NDCG@K = sum over hits at 0-based rank r of 1/log2(r+2), divided by the same sum for an ideal
 *       list that puts min(K, targets) hits first;</li>
 *   <li>HitRate@K = 1 when at least one target is in the top K.</li>
 * </ul>
 * A ranked list shorter than K is scored as it is (missing places are misses).
 */
public final class RankingMetrics {

    private RankingMetrics() {
    }

    public static double recall(List<String> ranked, Set<String> targets, int k) {
        requireTargets(targets);
        return (double) hits(ranked, targets, k) / targets.size();
    }

    public static double hitRate(List<String> ranked, Set<String> targets, int k) {
        requireTargets(targets);
        return hits(ranked, targets, k) > 0 ? 1.0 : 0.0;
    }

    public static double ndcg(List<String> ranked, Set<String> targets, int k) {
        requireTargets(targets);
        double dcg = 0;
        int n = Math.min(k, ranked.size());
        for (int r = 0; r < n; r++) {
            if (targets.contains(ranked.get(r))) {
                dcg += discount(r);
            }
        }
        double ideal = 0;
        for (int r = 0; r < Math.min(k, targets.size()); r++) {
            ideal += discount(r);
        }
        return dcg / ideal;
    }

    static int hits(List<String> ranked, Set<String> targets, int k) {
        int n = Math.min(k, ranked.size());
        int hits = 0;
        for (int r = 0; r < n; r++) {
            if (targets.contains(ranked.get(r))) {
                hits++;
            }
        }
        return hits;
    }

    private static double discount(int rank) {
        return 1.0 / (Math.log(rank + 2) / Math.log(2));
    }

    private static void requireTargets(Set<String> targets) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a user with no targets cannot be scored");
        }
    }
}
