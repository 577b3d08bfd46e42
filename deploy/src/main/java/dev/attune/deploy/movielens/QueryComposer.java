package dev.attune.deploy.movielens;

import dev.attune.schema.EventKind;
import dev.attune.schema.QueryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a few natural-language requests per user from the tags around them, so the replay
 * exercises the query path (facets, negative facets) with text a person could have typed.
 *
 * <ul>
 *   <li>The user's own tags, in the order they wrote them, two per request, at the time of the
 *       later tag: "dark comedy and twist ending movies".</li>
 *   <li>A user without tags of their own asks with the tags other people gave the films they liked,
 *       at the time of their last like in that stretch.</li>
 *   <li>Where the user disliked films of a genre they never liked, the last request says
 *       "nothing <genre>", which the worker turns into a negative facet.</li>
 * </ul>
 * At most {@link #MAX_QUERIES_PER_USER} per user, deterministic (same data, same requests).
 */
public final class QueryComposer {

    public static final int MAX_QUERIES_PER_USER = 3;
    private static final List<String> TEMPLATES = List.of(
            "%s and %s movies",
            "I'm in the mood for something %s, maybe %s",
            "films that are %s with a bit of %s");

    private final Map<String, Movie> movies;
    private final Map<String, List<String>> tagsByMovie;

    public QueryComposer(Map<String, Movie> movies, Map<String, List<String>> tagsByMovie) {
        this.movies = movies;
        this.tagsByMovie = tagsByMovie;
    }

    /** The requests of one user, given all their ratings and tags (any order). */
    public List<QueryEvent> compose(String userId, List<Rating> ratings, List<Tag> ownTags) {
        List<Topic> topics = ownTags.size() >= 2 ? fromOwnTags(ownTags) : fromLikedMovies(ratings);
        String avoided = avoidedGenre(ratings);
        List<QueryEvent> queries = new ArrayList<>();
        for (int i = 0; i < topics.size() && i < MAX_QUERIES_PER_USER; i++) {
            Topic topic = topics.get(i);
            String text = String.format(TEMPLATES.get(i % TEMPLATES.size()), topic.first(), topic.second());
            boolean last = i == Math.min(topics.size(), MAX_QUERIES_PER_USER) - 1;
            if (last && avoided != null) {
                text += ", nothing " + avoided.toLowerCase(java.util.Locale.ROOT);
            }
            queries.add(QueryEvent.newBuilder()
                    .setUserId(userId)
                    .setQueryId("movielens-" + userId + "-" + i)
                    .setText(text)
                    .setEventTime(Instant.ofEpochSecond(topic.epochSeconds()))
                    .build());
        }
        return queries;
    }

    private record Topic(String first, String second, long epochSeconds) {
    }

    private static List<Topic> fromOwnTags(List<Tag> ownTags) {
        List<Tag> byTime = ownTags.stream().sorted(Comparator.comparingLong(Tag::epochSeconds)).toList();
        Map<String, Long> firstSeen = new LinkedHashMap<>();
        byTime.forEach(tag -> firstSeen.putIfAbsent(MovieLens.normalize(tag.text()), tag.epochSeconds()));
        List<Map.Entry<String, Long>> distinct = firstSeen.entrySet().stream().filter(e -> !e.getKey().isEmpty()).toList();
        List<Topic> topics = new ArrayList<>();
        for (int i = 0; i + 1 < distinct.size(); i += 2) {
            topics.add(new Topic(distinct.get(i).getKey(), distinct.get(i + 1).getKey(), distinct.get(i + 1).getValue()));
        }
        return topics;
    }

    /** Splits the user's likes into up to three stretches of time and names each by its most used tags. */
    private List<Topic> fromLikedMovies(List<Rating> ratings) {
        List<Rating> likes = ratings.stream().filter(r -> EventMapper.kindOf(r.stars()) == EventKind.LIKE)
                .sorted(Comparator.comparingLong(Rating::epochSeconds)).toList();
        List<Topic> topics = new ArrayList<>();
        int stretches = Math.min(MAX_QUERIES_PER_USER, likes.size() / 5);
        for (int s = 0; s < stretches; s++) {
            List<Rating> stretch = likes.subList(s * likes.size() / stretches, (s + 1) * likes.size() / stretches);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Rating like : stretch) {
                tagsByMovie.getOrDefault(like.movieId(), List.of()).forEach(t -> counts.merge(t, 1L, Long::sum));
            }
            List<String> best = MovieLens.mostFrequent(counts);
            if (best.size() >= 2) {
                topics.add(new Topic(best.get(0), best.get(1), stretch.get(stretch.size() - 1).epochSeconds()));
            }
        }
        return topics;
    }

    /** The genre the user disliked most often among genres of no film they liked; null if none. */
    private String avoidedGenre(List<Rating> ratings) {
        Set<String> liked = new LinkedHashSet<>();
        Map<String, Long> disliked = new LinkedHashMap<>();
        for (Rating rating : ratings) {
            Movie movie = movies.get(rating.movieId());
            if (movie == null) {
                continue;
            }
            EventKind kind = EventMapper.kindOf(rating.stars());
            if (kind == EventKind.LIKE) {
                liked.addAll(movie.genres());
            } else if (kind == EventKind.DISLIKE) {
                movie.genres().forEach(g -> disliked.merge(g, 1L, Long::sum));
            }
        }
        liked.forEach(disliked::remove);
        List<String> ranked = MovieLens.mostFrequent(disliked);
        return ranked.isEmpty() ? null : ranked.get(0);
    }
}
