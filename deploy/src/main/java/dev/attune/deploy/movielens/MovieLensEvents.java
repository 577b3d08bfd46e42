package dev.attune.deploy.movielens;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.ItemEvent;
import dev.attune.schema.QueryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * Everything the loader sends for a MovieLens directory: the catalogue first, then every user's
 * clicks and requests merged into one timeline in event-time order (ties keep the file order), as
 * they would have arrived live.
 */
public record MovieLensEvents(List<ItemEvent> items, List<Timed> timeline) {

    /** One user event; {@code value} is a {@link ClickEvent} or a {@link QueryEvent}, keyed by user id. */
    public record Timed(long eventTimeMillis, String userId, SpecificRecord value) {
        public boolean isQuery() {
            return value instanceof QueryEvent;
        }
    }

    public static MovieLensEvents from(MovieLens data, long catalogueTimeMillis) {
        Map<String, List<String>> tagsByMovie = data.tagsByMovie();
        List<ItemEvent> items = data.movies().values().stream()
                .map(movie -> EventMapper.toItem(movie, tagsByMovie.getOrDefault(movie.id(), List.of()), catalogueTimeMillis))
                .toList();

        List<Timed> timeline = new ArrayList<>(data.ratings().size());
        for (Rating rating : data.ratings()) {
            if (data.movies().containsKey(rating.movieId())) {
                timeline.add(new Timed(rating.epochSeconds() * 1000, rating.userId(), EventMapper.toClick(rating)));
            }
        }
        QueryComposer composer = new QueryComposer(data.movies(), tagsByMovie);
        Map<String, List<Rating>> ratingsByUser = data.ratings().stream().collect(Collectors.groupingBy(Rating::userId));
        Map<String, List<Tag>> tagsByUser = data.tags().stream().collect(Collectors.groupingBy(Tag::userId));
        ratingsByUser.forEach((user, ratings) -> composer.compose(user, ratings, tagsByUser.getOrDefault(user, List.of()))
                .forEach(q -> timeline.add(new Timed(q.getEventTime().toEpochMilli(), user, q))));
        // A stable sort: equal times keep file order, and a request written at the same second as a
        // rating comes after it (it was derived from it).
        timeline.sort(Comparator.comparingLong(Timed::eventTimeMillis));
        return new MovieLensEvents(items, List.copyOf(timeline));
    }

    public long clickCount() {
        return timeline.stream().filter(t -> !t.isQuery()).count();
    }

    public long queryCount() {
        return timeline.stream().filter(Timed::isQuery).count();
    }
}
