package dev.attune.bench.quality.protocol;

/** What a rating means to the protocol. */
public enum Feedback {
    /** rating >= the positive threshold (default 4): a liked item, a click (LIKE) and a possible target. */
    POSITIVE,
    /** between the thresholds (default 2.5 to 3.5): seen, sent to the engine as a VIEW, never a target. */
    NEUTRAL,
    /** rating <= the negative threshold (default 2): a DISLIKE. */
    NEGATIVE;

    /** Maps a rating with the given thresholds ({@code positiveAtLeast > negativeAtMost}). */
    public static Feedback of(double rating, double positiveAtLeast, double negativeAtMost) {
        if (rating >= positiveAtLeast) {
            return POSITIVE;
        }
        return rating <= negativeAtMost ? NEGATIVE : NEUTRAL;
    }
}
