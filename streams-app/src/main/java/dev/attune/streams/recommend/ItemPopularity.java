package dev.attune.streams.recommend;

import java.util.List;

/**
 * How often items were clicked, for the recommender's popularity prior: a count per item and the most
 * clicked items, most clicked first. Read-only to the recommender.
 */
public interface ItemPopularity {

    /** No counts at all: the recommender then ranks by content alone. */
    ItemPopularity NONE = new ItemPopularity() {
        @Override
        public long count(String itemId) {
            return 0;
        }

        @Override
        public List<String> mostClicked(int n) {
            return List.of();
        }

        @Override
        public long maxCount() {
            return 0;
        }
    };

    /** Clicks counted for the item, 0 when none. */
    long count(String itemId);

    /** Up to {@code n} item ids, most clicked first (ties by item id). */
    List<String> mostClicked(int n);

    /** The largest count of any item, 0 when none. */
    long maxCount();

    /** The prior in [0, 1]: log(1 + n) / log(1 + max n), so one blockbuster does not flatten every other count. */
    default double prior(String itemId) {
        long max = maxCount();
        return max <= 0 ? 0 : Math.log1p(count(itemId)) / Math.log1p(max);
    }
}
