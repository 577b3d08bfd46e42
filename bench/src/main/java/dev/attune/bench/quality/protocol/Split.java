package dev.attune.bench.quality.protocol;

import dev.attune.bench.quality.data.Rating;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The ComiRec-style split of each user's time-ordered events.
 *
 * <p>TEST stage: the first {@code trainFraction} of a user's events (by time) build the interests and the
 * positives among the rest are the targets. VALIDATION stage: the same cut applied again inside the
 * training part only, so that parameters can be tuned without ever looking at the test targets.
 *
 * <p>A held-out fraction of users (chosen by a seeded shuffle) is evaluated as cold-start: their
 * history is only their first {@code coldStartEvents} events, and the positives in the rest of the
 * stage's visible events are the targets.
 */
public final class Split {

    public enum Stage { TEST, VALIDATION }

    private final double trainFraction;
    private final double coldStartUserFraction;
    private final int coldStartEvents;
    private final long seed;

    public Split(double trainFraction, double coldStartUserFraction, int coldStartEvents, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
        }
        if (!(coldStartUserFraction >= 0 && coldStartUserFraction < 1)) {
            throw new IllegalArgumentException("coldStartUserFraction must be in [0, 1), got " + coldStartUserFraction);
        }
        if (coldStartEvents < 1) {
            throw new IllegalArgumentException("coldStartEvents must be >= 1, got " + coldStartEvents);
        }
        this.trainFraction = trainFraction;
        this.coldStartUserFraction = coldStartUserFraction;
        this.coldStartEvents = coldStartEvents;
        this.seed = seed;
    }

    /** Maps ratings to interactions with the given thresholds. */
    public static List<Interaction> interactions(List<Rating> ratings, double positiveAtLeast, double negativeAtMost) {
        List<Interaction> out = new ArrayList<>(ratings.size());
        for (Rating r : ratings) {
            out.add(new Interaction(r.userId(), r.itemId(), Feedback.of(r.rating(), positiveAtLeast, negativeAtMost),
                    r.timeMillis(), r.seq()));
        }
        return out;
    }

    /**
     * The stage's plan: every user's case (users left with no target are not evaluated, but their history
     * still counts as training data), and all users' histories merged in event-time order.
     */
    public Plan plan(List<Interaction> interactions, Stage stage) {
        Map<String, List<Interaction>> byUser = new LinkedHashMap<>();
        for (Interaction i : interactions) {
            byUser.computeIfAbsent(i.userId(), u -> new ArrayList<>()).add(i);
        }
        Set<String> cold = coldStartUsers(byUser.keySet());
        List<UserCase> cases = new ArrayList<>();
        List<Interaction> training = new ArrayList<>();
        for (Map.Entry<String, List<Interaction>> e : byUser.entrySet()) {
            List<Interaction> events = new ArrayList<>(e.getValue());
            events.sort(Interaction.ORDER);
            List<Interaction> visible = stage == Stage.TEST ? events : events.subList(0, cut(events.size()));
            boolean isCold = cold.contains(e.getKey());
            int historySize = isCold ? Math.min(coldStartEvents, visible.size()) : cut(visible.size());
            UserCase c = caseOf(e.getKey(), visible, historySize, isCold);
            training.addAll(c.history());
            if (!c.targets().isEmpty() && !c.history().isEmpty()) {
                cases.add(c);
            }
        }
        training.sort(Interaction.ORDER);
        return new Plan(cases, training);
    }

    /** Users to evaluate (in order of first appearance) and the training events every recommender may see. */
    public record Plan(List<UserCase> cases, List<Interaction> training) {
        public Plan {
            cases = List.copyOf(cases);
            training = List.copyOf(training);
        }
    }

    /** Number of events in the training part of {@code n}: at least one, and at least one left over. */
    int cut(int n) {
        if (n < 2) {
            return n;
        }
        int k = (int) Math.floor(n * trainFraction);
        return Math.max(1, Math.min(n - 1, k));
    }

    Set<String> coldStartUsers(Set<String> users) {
        List<String> sorted = new ArrayList<>(users);
        Collections.sort(sorted);
        Collections.shuffle(sorted, new Random(seed));
        return new HashSet<>(sorted.subList(0, (int) Math.round(sorted.size() * coldStartUserFraction)));
    }

    private static UserCase caseOf(String user, List<Interaction> visible, int historySize, boolean cold) {
        List<Interaction> history = visible.subList(0, historySize);
        Set<String> seen = new HashSet<>();
        history.forEach(i -> seen.add(i.itemId()));
        Set<String> targets = new HashSet<>();
        for (Interaction i : visible.subList(historySize, visible.size())) {
            if (i.feedback() == Feedback.POSITIVE && !seen.contains(i.itemId())) {
                targets.add(i.itemId());
            }
        }
        return new UserCase(user, history, seen, targets, cold);
    }
}
