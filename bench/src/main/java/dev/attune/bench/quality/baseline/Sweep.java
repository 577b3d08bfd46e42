package dev.attune.bench.quality.baseline;

import dev.attune.bench.quality.protocol.Interaction;
import dev.attune.bench.quality.protocol.UserCase;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays the training events in event-time order into every recommender and asks each for a user's list
 * at that user's split time: after every training event up to and including that time, before any later one.
 */
public final class Sweep {

    private Sweep() {
    }

    /** Per recommender name, per user id, the user's top {@code k}. */
    public static Map<String, Map<String, List<String>>> run(List<Recommender> recommenders, List<Interaction> training,
                                                             List<UserCase> cases, int k) {
        List<UserCase> byTime = new ArrayList<>(cases);
        byTime.sort(Comparator.comparingLong(UserCase::splitTimeMillis));
        Map<String, Map<String, List<String>>> lists = new LinkedHashMap<>();
        recommenders.forEach(r -> lists.put(r.name(), new LinkedHashMap<>()));
        int next = 0;
        for (Interaction event : training) {
            while (next < byTime.size() && byTime.get(next).splitTimeMillis() < event.timeMillis()) {
                recommendAll(recommenders, byTime.get(next++), k, lists);
            }
            recommenders.forEach(r -> r.observe(event));
        }
        while (next < byTime.size()) {
            recommendAll(recommenders, byTime.get(next++), k, lists);
        }
        return lists;
    }

    private static void recommendAll(List<Recommender> recommenders, UserCase user, int k,
                                     Map<String, Map<String, List<String>>> lists) {
        for (Recommender r : recommenders) {
            lists.get(r.name()).put(user.userId(), r.recommend(user, k));
        }
    }
}
