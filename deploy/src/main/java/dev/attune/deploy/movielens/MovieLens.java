package dev.attune.deploy.movielens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * MovieLens latest-small as read from its directory (movies.csv, ratings.csv, tags.csv), optionally
 * cut down to the first {@code maxUsers} users (by numeric id) and the movies they rated or tagged,
 * so a test or a slow machine can replay a slice with the same code.
 */
public record MovieLens(Map<String, Movie> movies, List<Rating> ratings, List<Tag> tags) {

    /** Reads {@code dir}; {@code maxUsers <= 0} keeps every user and movie. */
    public static MovieLens read(Path dir, int maxUsers) {
        for (String name : List.of("movies.csv", "ratings.csv", "tags.csv")) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new IllegalArgumentException("no " + name + " in " + dir.toAbsolutePath()
                        + " (expected MovieLens latest-small; set --data)");
            }
        }
        Map<String, Movie> movies = new LinkedHashMap<>();
        Csv.forEachRecord(dir.resolve("movies.csv"), r -> {
            Movie movie = Movie.fromRecord(r);
            movies.put(movie.id(), movie);
        });
        List<Rating> ratings = new ArrayList<>();
        Csv.forEachRecord(dir.resolve("ratings.csv"), r -> ratings.add(Rating.fromRecord(r)));
        List<Tag> tags = new ArrayList<>();
        Csv.forEachRecord(dir.resolve("tags.csv"), r -> tags.add(Tag.fromRecord(r)));
        MovieLens all = new MovieLens(movies, ratings, tags);
        return maxUsers <= 0 ? all : all.firstUsers(maxUsers);
    }

    /** The first {@code count} users by numeric id, with only the movies they rated or tagged. */
    public MovieLens firstUsers(int count) {
        Set<String> users = ratings.stream().map(Rating::userId)
                .collect(Collectors.toCollection(() -> new TreeSet<>(Comparator.comparingLong(MovieLens::numeric).thenComparing(Comparator.naturalOrder()))))
                .stream().limit(count).collect(Collectors.toSet());
        List<Rating> keptRatings = ratings.stream().filter(r -> users.contains(r.userId())).toList();
        List<Tag> keptTags = tags.stream().filter(t -> users.contains(t.userId())).toList();
        Set<String> movieIds = keptRatings.stream().map(Rating::movieId).collect(Collectors.toSet());
        keptTags.forEach(t -> movieIds.add(t.movieId()));
        Map<String, Movie> keptMovies = new LinkedHashMap<>();
        movies.forEach((id, movie) -> {
            if (movieIds.contains(id)) {
                keptMovies.put(id, movie);
            }
        });
        return new MovieLens(keptMovies, keptRatings, keptTags);
    }

    /** The tags people gave each movie, most used first, case-insensitively de-duplicated. */
    public Map<String, List<String>> tagsByMovie() {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (Tag tag : tags) {
            counts.computeIfAbsent(tag.movieId(), id -> new LinkedHashMap<>())
                    .merge(normalize(tag.text()), 1L, Long::sum);
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        counts.forEach((movieId, byTag) -> result.put(movieId, mostFrequent(byTag)));
        return result;
    }

    static String normalize(String tag) {
        return tag.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }

    static List<String> mostFrequent(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .filter(e -> !e.getKey().isEmpty())
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
    }

    private static long numeric(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
