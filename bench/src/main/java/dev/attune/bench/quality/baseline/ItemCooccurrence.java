package dev.attune.bench.quality.baseline;

import dev.attune.bench.quality.Catalogue;
import dev.attune.bench.quality.protocol.Feedback;
import dev.attune.bench.quality.protocol.Interaction;
import dev.attune.bench.quality.protocol.UserCase;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Item-item co-occurrence (collaborative, no content): two items co-occur when one user liked both within
 * {@code window} consecutive positive events, counted as the events arrive, so the table at any moment holds
 * only the past. A user's candidates are scored by the sum, over the items they liked most recently (the same
 * window), of cosine-normalised co-occurrence {@code c(i,j) / sqrt(n(i) n(j))}.
 */
public final class ItemCooccurrence implements Recommender {

    public static final int DEFAULT_WINDOW = 50;

    private final Catalogue catalogue;
    private final int window;
    private final IntCounts[] pairs;
    private final int[] counts;
    private final Map<String, Deque<Integer>> recentByUser = new HashMap<>();

    public ItemCooccurrence(Catalogue catalogue, int window) {
        this.catalogue = catalogue;
        this.window = window;
        this.pairs = new IntCounts[catalogue.size()];
        this.counts = new int[catalogue.size()];
    }

    @Override
    public String name() {
        return "Item-item co-occurrence";
    }

    @Override
    public void observe(Interaction event) {
        int item = catalogue.indexOf(event.itemId());
        if (item < 0 || event.feedback() != Feedback.POSITIVE) {
            return;
        }
        Deque<Integer> recent = recentByUser.computeIfAbsent(event.userId(), u -> new ArrayDeque<>());
        for (int other : recent) {
            if (other != item) {
                row(item).increment(other);
                row(other).increment(item);
            }
        }
        counts[item]++;
        recent.addLast(item);
        if (recent.size() > window) {
            recent.removeFirst();
        }
    }

    @Override
    public List<String> recommend(UserCase user, int k) {
        double[] scores = new double[catalogue.size()];
        List<Interaction> history = user.history();
        int used = 0;
        for (int h = history.size() - 1; h >= 0 && used < window; h--) {
            Interaction e = history.get(h);
            int j = catalogue.indexOf(e.itemId());
            if (e.feedback() != Feedback.POSITIVE || j < 0 || pairs[j] == null) {
                continue;
            }
            used++;
            double nj = counts[j];
            pairs[j].forEach((i, c) -> scores[i] += c / Math.sqrt(nj * counts[i]));
        }
        return catalogue.topK(scores, user.seen(), k);
    }

    private IntCounts row(int item) {
        IntCounts r = pairs[item];
        if (r == null) {
            r = new IntCounts();
            pairs[item] = r;
        }
        return r;
    }
}
