package dev.attune.streams.recommend;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts as one refresh sees them: the largest count read once (the store answers it with an iterator,
 * and the prior needs it for every candidate) and each item's count at most once. Lives for one
 * {@link Recommender#recommend} call on one thread; counts that change meanwhile are seen at the next refresh.
 */
final class MemoizedPopularity implements ItemPopularity {

    private final ItemPopularity counts;
    private final Map<String, Long> read = new HashMap<>();
    private long max = -1;

    MemoizedPopularity(ItemPopularity counts) {
        this.counts = counts;
    }

    @Override
    public long count(String itemId) {
        Long n = read.get(itemId);
        if (n == null) {
            n = counts.count(itemId);
            read.put(itemId, n);
        }
        return n;
    }

    @Override
    public List<String> mostClicked(int n) {
        return counts.mostClicked(n);
    }

    @Override
    public long maxCount() {
        if (max < 0) {
            max = counts.maxCount();
        }
        return max;
    }
}
