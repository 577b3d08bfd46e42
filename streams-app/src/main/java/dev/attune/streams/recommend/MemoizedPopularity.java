package dev.attune.streams.recommend;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts as they were when first read: the largest count and the most clicked items read once (the store
 * answers both with an iterator, and the prior needs the largest for every candidate) and each item's count and
 * prior at most once (a refresh scores up to a few hundred candidates, two logarithms each). Lives for one
 * {@link Recommender#recommend} call, or for a task's refreshes of one {@code refresh.popularity.max.age.ms}
 * ({@link RecentPopularity}); one thread; counts that change meanwhile are seen by the next one.
 */
final class MemoizedPopularity implements ItemPopularity {

    private final ItemPopularity counts;
    private final Map<String, Read> read = new HashMap<>();
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

    /** One item's count as read, and its prior once asked for (NaN until then). */
    private static final class Read {
        final long count;
        double prior = Double.NaN;

        Read(long count) {
            this.count = count;
        }
    }

    private Read read(String itemId) {
        Read r = read.get(itemId);
        if (r == null) {
            r = new Read(counts.count(itemId));
            read.put(itemId, r);
        }
        return r;
    }

    @Override
    public long count(String itemId) {
        return read(itemId).count;
    }

    @Override
    public double prior(String itemId) {
        Read r = read(itemId);
        if (Double.isNaN(r.prior)) {
            r.prior = ItemPopularity.super.prior(itemId); // from the memoized count and largest count
        }
        return r.prior;
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
