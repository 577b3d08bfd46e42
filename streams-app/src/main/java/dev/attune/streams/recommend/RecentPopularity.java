package dev.attune.streams.recommend;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Click counts as a task's refreshes read them: each item's count, the largest count and the most clicked items are
 * read from {@code counts} (the task's stores) at most once per {@code maxAgeMs} of wall-clock time and then served
 * from memory. A refresh scores a few hundred candidates, each needing its count: read from RocksDB every time,
 * those reads were most of a refresh's time in RocksDB (JFR native samples, bench/RESULTS.md 2026-12-01). The prior
 * moves slowly (log of a count over the log of the largest), so counts up to {@code maxAgeMs} old barely move a
 * list; 0 reads the stores anew at every refresh.
 *
 * <p>One per refresher (one task, one thread; not thread-safe). Derived state only: lost on a restart or a move of
 * the task, read again.
 */
public final class RecentPopularity implements ItemPopularity {

    private final ItemPopularity counts;
    private final long maxAgeMs;
    private final Map<String, Long> read = new HashMap<>();
    private long readSince = Long.MIN_VALUE;
    private long max = -1;
    private List<String> mostClicked = List.of();
    private int mostClickedAsked;

    public RecentPopularity(ItemPopularity counts, long maxAgeMs) {
        this.counts = counts;
        this.maxAgeMs = maxAgeMs;
    }

    /** These counts for a refresh at wall-clock time {@code now}: forgets what was read {@code maxAgeMs} ago or more. */
    public ItemPopularity asOf(long now) {
        if (maxAgeMs == 0 || readSince == Long.MIN_VALUE || now - readSince >= maxAgeMs || now < readSince) {
            read.clear();
            max = -1;
            mostClicked = List.of();
            mostClickedAsked = 0;
            readSince = now;
        }
        return this;
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
        // a shorter answer than asked for holds every counted item: longer requests need no new scan either
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
