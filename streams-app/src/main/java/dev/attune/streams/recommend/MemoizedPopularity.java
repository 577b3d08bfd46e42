package dev.attune.streams.recommend;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts as they were when first read: the largest count and the most clicked items read once (the store
 * answers both with an iterator, and the prior needs the largest for every candidate) and each item's count at most
 * once. Lives for one {@link Recommender#recommend} call, or for a task's refreshes of one
 * {@code refresh.popularity.max.age.ms} ({@link RecentPopularity}); one thread; counts that change meanwhile are
 * seen by the next one.
 */
final class MemoizedPopularity implements ItemPopularity {

    private final ItemPopularity counts;
    private final Map<String, Long> read = new HashMap<>();
    private long max = -1;
    private List<String> mostClicked = List.of();
    private int mostClickedAsked;

    MemoizedPopularity(ItemPopularity counts) {
        this.counts = counts;
    }

    /** {@code counts} memoized: as they are when they are no counts or memoized already (a {@link RecentPopularity}'s). */
    static ItemPopularity of(ItemPopularity counts) {
        return counts == ItemPopularity.NONE || counts instanceof MemoizedPopularity ? counts
                : new MemoizedPopularity(counts);
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
        // an answer shorter than asked for held every counted item: a longer request needs no new scan either
        if (n > mostClickedAsked && mostClicked.size() == mostClickedAsked) {
            mostClicked = List.copyOf(counts.mostClicked(n));
            mostClickedAsked = n;
        }
        return n >= mostClicked.size() ? mostClicked : mostClicked.subList(0, n);
    }

    @Override
    public long maxCount() {
        if (max < 0) {
            max = counts.maxCount();
        }
        return max;
    }
}
