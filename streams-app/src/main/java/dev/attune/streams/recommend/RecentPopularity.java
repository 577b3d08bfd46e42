package dev.attune.streams.recommend;

/**
 * Click counts as a task's refreshes read them: each item's count, the largest count and the most clicked items are
 * read from {@code counts} (the task's stores) at most once per {@code maxAgeMs} of wall-clock time and then served
 * from memory ({@link MemoizedPopularity}, renewed when it is that old). A refresh scores a few hundred candidates,
 * each needing its count: read from RocksDB every time, those reads were most of a refresh's time in RocksDB (JFR
 * native samples, bench/RESULTS.md 2026-12-01). The prior moves slowly (log of a count over the log of the largest),
 * so counts up to {@code maxAgeMs} old barely move a list; 0 reads the stores anew at every refresh.
 *
 * <p>One per refresher (one task, one thread; not thread-safe). Derived state only: lost on a restart or a move of
 * the task, read again.
 */
public final class RecentPopularity {

    private final ItemPopularity counts;
    private final long maxAgeMs;
    private MemoizedPopularity current;
    private long since;

    public RecentPopularity(ItemPopularity counts, long maxAgeMs) {
        this.counts = counts;
        this.maxAgeMs = maxAgeMs;
    }

    /** The counts for a refresh at wall-clock time {@code now}: those read since {@code now - maxAgeMs}, or read anew. */
    public ItemPopularity asOf(long now) {
        if (current == null || maxAgeMs == 0 || now - since >= maxAgeMs || now < since) {
            current = new MemoizedPopularity(counts);
            since = now;
        }
        return current;
    }
}
