package dev.attune.bench.quality.metrics;

import dev.attune.bench.quality.protocol.UserCase;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Accumulates one recommender's metrics over users: means of Recall/NDCG@20/50, HitRate@50 and
 * intra-list diversity@20, and catalogue coverage@50 (distinct items in all top-50 lists / catalogue size).
 */
public final class Scoreboard {

    public static final int K_SMALL = 20;
    public static final int K_LARGE = 50;

    private final String name;
    private final int catalogueSize;
    private final Function<String, float[]> vectorOf;
    private final Set<String> recommended = new HashSet<>();
    private double recall20;
    private double recall50;
    private double ndcg20;
    private double ndcg50;
    private double hit50;
    private double diversity20;
    private int users;
    private int shortLists;

    public Scoreboard(String name, int catalogueSize, Function<String, float[]> vectorOf) {
        this.name = name;
        this.catalogueSize = catalogueSize;
        this.vectorOf = vectorOf;
    }

    /** Adds one user's ranked list (best first, already free of seen items). */
    public void add(UserCase user, List<String> ranked) {
        Set<String> t = user.targets();
        recall20 += RankingMetrics.recall(ranked, t, K_SMALL);
        recall50 += RankingMetrics.recall(ranked, t, K_LARGE);
        ndcg20 += RankingMetrics.ndcg(ranked, t, K_SMALL);
        ndcg50 += RankingMetrics.ndcg(ranked, t, K_LARGE);
        hit50 += RankingMetrics.hitRate(ranked, t, K_LARGE);
        diversity20 += ListMetrics.intraListDiversity(ranked, K_SMALL, vectorOf);
        recommended.addAll(ranked.subList(0, Math.min(K_LARGE, ranked.size())));
        if (ranked.size() < K_LARGE) {
            shortLists++;
        }
        users++;
    }

    public Result result() {
        double n = Math.max(1, users);
        return new Result(name, users, recall20 / n, recall50 / n, ndcg20 / n, ndcg50 / n, hit50 / n,
                (double) recommended.size() / catalogueSize, diversity20 / n, shortLists);
    }

    /** Means over users; {@code shortLists} counts users whose list had fewer than 50 items. */
    public record Result(String name, int users, double recall20, double recall50, double ndcg20, double ndcg50,
                         double hitRate50, double coverage50, double diversity20, int shortLists) {
    }
}
