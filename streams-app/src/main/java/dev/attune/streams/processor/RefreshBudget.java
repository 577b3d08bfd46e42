package dev.attune.streams.processor;

/**
 * A token bucket over the wall clock: at most {@code perSecond} refreshes a second, with bursts of
 * up to one second's worth. It is a rate limit, not state: a task that restarts starts with a full
 * bucket. {@code perSecond} 0 means no limit.
 */
final class RefreshBudget {

    private final int perSecond;
    private double tokens;
    private long filledAt = Long.MIN_VALUE;

    RefreshBudget(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("perSecond must not be negative, got " + perSecond);
        }
        this.perSecond = perSecond;
        this.tokens = perSecond;
    }

    /** Takes one refresh from the budget if there is one at {@code now} (wall-clock ms). */
    boolean tryTake(long now) {
        if (perSecond == 0) {
            return true;
        }
        if (filledAt != Long.MIN_VALUE && now > filledAt) {
            tokens = Math.min(perSecond, tokens + (now - filledAt) * perSecond / 1000.0);
        }
        filledAt = Math.max(filledAt, now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
