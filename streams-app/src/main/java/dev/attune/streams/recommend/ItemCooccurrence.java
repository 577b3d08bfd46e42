package dev.attune.streams.recommend;

import dev.attune.streams.model.SeenFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;

/**
 * How often two items were liked by the same user close together ("users who liked this also liked"), for
 * the recommender's collaborative term. Read-only to the recommender.
 */
public interface ItemCooccurrence {

    /** No counts at all: the recommender then has no collaborative term. */
    ItemCooccurrence NONE = itemId -> Map.of();

    /** The key {@link #sumCooccurring} passes when the implementation numbers no items. */
    int NO_KEY = -1;

    /** The items counted as co-occurring with {@code itemId}, with their counts (at most the kept top K); empty when none. */
    Map<String, Long> cooccurring(String itemId);

    /**
     * Calls {@code action} with each item of {@link #cooccurring} and its count, in the same order, without building
     * the map: a refresh reads up to {@code cooccurrence.window} rows of up to {@code cooccurrence.top.k} items.
     */
    default void forEachCooccurring(String itemId, ObjLongConsumer<String> action) {
        cooccurring(itemId).forEach(action::accept);
    }

    /**
     * For every item co-occurring with one of {@code items}, the sum over those rows j of {@code c(j, i) / divisors[j]},
     * added in the order of {@code items} and of each row's entries; passed to {@code action} once per item, in the
     * order the rows first met them. What a refresh's collaborative term needs from the rows, without a map entry per
     * row entry (see the implementations).
     */
    default void sumCooccurring(List<String> items, double[] divisors, CooccurringSum action) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (int j = 0; j < items.size(); j++) {
            double divisor = divisors[j];
            forEachCooccurring(items.get(j), (item, count) -> sums.merge(item, count / divisor, Double::sum));
        }
        sums.forEach((item, sum) -> action.accept(item, NO_KEY, SeenFilter.hash(item), sum));
    }

    /** Receives one item's sum from {@link #sumCooccurring}. */
    @FunctionalInterface
    interface CooccurringSum {
        /**
         * {@code key}: a number that names the item in this {@code ItemCooccurrence} on every call, dense from 0 (for
         * memos in arrays), or {@link #NO_KEY}; {@code seenHash}: the id's {@link SeenFilter#hash}, for
         * {@link SeenFilter#mightContainHashed}.
         */
        void accept(String itemId, int key, long seenHash, double sum);
    }
}
