package dev.attune.bench.quality.metrics;

import java.util.List;
import java.util.Locale;

/** One Markdown table of results, one row per recommender, the way RESULTS.md records them. */
public final class ResultTable {

    private ResultTable() {
    }

    public static String markdown(List<Scoreboard.Result> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Recommender | Users | Recall@20 | Recall@50 | NDCG@20 | NDCG@50 | HitRate@50 | Coverage@50 | ILD@20 | Lists < 50 |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Scoreboard.Result r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %d |%n",
                    r.name(), r.users(), r.recall20(), r.recall50(), r.ndcg20(), r.ndcg50(), r.hitRate50(),
                    r.coverage50(), r.diversity20(), r.shortLists()));
        }
        return sb.toString();
    }
}
