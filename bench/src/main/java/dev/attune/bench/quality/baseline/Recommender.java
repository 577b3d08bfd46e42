package dev.attune.bench.quality.baseline;

import dev.attune.bench.quality.protocol.Interaction;
import dev.attune.bench.quality.protocol.UserCase;

import java.util.List;

/**
 * A recommender under the replay protocol. The evaluator calls {@link #observe} with every training
 * event in event-time order, and asks {@link #recommend} for a user as soon as every training event up to
 * that user's split time has been observed: no recommender ever sees the future of the user it ranks.
 */
public interface Recommender {

    String name();

    /** One training event, in event-time order. */
    default void observe(Interaction event) {
    }

    /** The user's top {@code k} items, best first, none of them in {@code user.seen()}. */
    List<String> recommend(UserCase user, int k);
}
