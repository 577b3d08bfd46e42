package dev.attune.bench.quality.protocol;

import java.util.List;
import java.util.Set;

/**
 * One user as the protocol evaluates them: the history that may build interests (in time order),
 * every item in it (excluded from ranking), and the target items to be found.
 *
 * @param coldStart whether the user belongs to the held-out cold-start set (history = first events only)
 */
public record UserCase(String userId, List<Interaction> history, Set<String> seen, Set<String> targets, boolean coldStart) {

    public UserCase {
        history = List.copyOf(history);
        seen = Set.copyOf(seen);
        targets = Set.copyOf(targets);
    }

    /** Event time of the last history event: every recommender must answer as of this moment. */
    public long splitTimeMillis() {
        return history.isEmpty() ? Long.MIN_VALUE : history.get(history.size() - 1).timeMillis();
    }
}
