package dev.attune.bench.quality.protocol;

import java.util.Comparator;

/** One user-item event of the replay, in the order {@link #ORDER}: event time, then position in the file. */
public record Interaction(String userId, String itemId, Feedback feedback, long timeMillis, long seq) {

    public static final Comparator<Interaction> ORDER =
            Comparator.comparingLong(Interaction::timeMillis).thenComparingLong(Interaction::seq);
}
