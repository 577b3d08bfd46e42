package dev.attune.streams.recommend;

import java.util.Map;
import java.util.function.ObjLongConsumer;

/**
 * How often two items were liked by the same user close together ("users who liked this also liked"), for
 * the recommender's collaborative term. Read-only to the recommender.
 */
public interface ItemCooccurrence {

    /** No counts at all: the recommender then has no collaborative term. */
    ItemCooccurrence NONE = itemId -> Map.of();

    /** The items counted as co-occurring with {@code itemId}, with their counts (at most the kept top K); empty when none. */
    Map<String, Long> cooccurring(String itemId);

    /**
     * Calls {@code action} with each item of {@link #cooccurring} and its count, in the same order, without building
     * the map: a refresh reads up to {@code cooccurrence.window} rows of up to {@code cooccurrence.top.k} items.
     */
    default void forEachCooccurring(String itemId, ObjLongConsumer<String> action) {
        cooccurring(itemId).forEach(action::accept);
    }
}
