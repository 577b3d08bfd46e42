package dev.attune.deploy.load;

/**
 * Replays event time at a multiple of real time: with factor 3600, events an hour apart are sent
 * a second apart. Gaps are capped at {@code maxGapMillis} of wall time because MovieLens users
 * come back after months. Factor 0 means no waiting at all.
 */
public final class Pacer {

    private final double factor;
    private final long maxGapMillis;
    private final Sleeper sleeper;
    private long previousEventTime = Long.MIN_VALUE;
    /** Wall time owed but not yet slept: many sub-millisecond gaps add up to real pauses. */
    private double owedMillis;

    /** Waits; a seam so tests can count the pauses instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    public Pacer(double factor, long maxGapMillis, Sleeper sleeper) {
        this.factor = factor;
        this.maxGapMillis = maxGapMillis;
        this.sleeper = sleeper;
    }

    /** Blocks until the event at {@code eventTimeMillis} is due. */
    public void awaitTurn(long eventTimeMillis) throws InterruptedException {
        if (factor > 0 && previousEventTime != Long.MIN_VALUE && eventTimeMillis > previousEventTime) {
            owedMillis += Math.min(maxGapMillis, (eventTimeMillis - previousEventTime) / factor);
            long wait = (long) owedMillis;
            if (wait > 0) {
                owedMillis -= wait;
                sleeper.sleep(wait);
            }
        }
        previousEventTime = Math.max(previousEventTime, eventTimeMillis);
    }
}
