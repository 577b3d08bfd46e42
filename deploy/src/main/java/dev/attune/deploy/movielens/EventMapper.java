package dev.attune.deploy.movielens;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.schema.ItemEvent;
import java.util.List;
import java.util.Map;

/**
 * Turns MovieLens rows into Attune events.
 *
 * <p>Ratings become clicks by how much the user liked the film, because a star rating is the
 * strongest signal MovieLens has and Attune's event kinds carry exactly that gradation:
 * <pre>
 *   4.0 - 5.0  LIKE      (a clear positive)
 *   3.5        CLICK     (mildly positive)
 *   3.0        VIEW      (watched, no opinion)
 *   2.5        SKIP      (mildly negative)
 *   0.5 - 2.0  DISLIKE   (negative feedback)
 * </pre>
 * Items carry the title (with year), the genres as categories, the most used user tags as tags and
 * the year as an attribute; there is no description in MovieLens.
 */
public final class EventMapper {

    /** How many of a movie's tags go into the item: enough to describe it, few enough to keep the text focused. */
    public static final int MAX_TAGS_PER_ITEM = 10;

    private EventMapper() {
    }

    public static EventKind kindOf(double stars) {
        if (stars >= 4.0) {
            return EventKind.LIKE;
        }
        if (stars >= 3.5) {
            return EventKind.CLICK;
        }
        if (stars >= 3.0) {
            return EventKind.VIEW;
        }
        if (stars >= 2.5) {
            return EventKind.SKIP;
        }
        return EventKind.DISLIKE;
    }

    public static ItemEvent toItem(Movie movie, List<String> tagsMostUsedFirst, long updatedAtMillis) {
        return ItemEvent.newBuilder()
                .setItemId(movie.id())
                .setTitle(movie.title())
                .setDescription(null)
                .setTags(tagsMostUsedFirst.stream().limit(MAX_TAGS_PER_ITEM).toList())
                .setCategories(movie.genres())
                .setAttributes(movie.year().map(year -> Map.of("year", String.valueOf(year))).orElse(Map.of()))
                .setPrecomputedVector(null)
                .setUpdatedAt(java.time.Instant.ofEpochMilli(updatedAtMillis))
                .build();
    }

    public static ClickEvent toClick(Rating rating) {
        return ClickEvent.newBuilder()
                .setUserId(rating.userId())
                .setItemId(rating.movieId())
                .setKind(kindOf(rating.stars()))
                .setEventTime(java.time.Instant.ofEpochSecond(rating.epochSeconds()))
                .setDwellMillis(null)
                .setContext(Map.of("source", "movielens", "rating", String.valueOf(rating.stars())))
                .build();
    }
}
