package dev.attune.bench.quality.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A dataset in the MovieLens CSV format: {@code movies.csv} (movieId,title,genres with genres split
 * by '|'), {@code ratings.csv} (userId,movieId,rating,timestamp in epoch seconds) and, optionally,
 * {@code tags.csv} (userId,movieId,tag,timestamp). Columns are found by header name, so extra
 * columns are ignored. Ratings of movies missing from movies.csv are dropped and counted.
 */
public final class MovieLensData {

    /** Tags kept per movie: the most used first, so a heavily tagged film does not drown its title. */
    public static final int MAX_TAGS_PER_ITEM = 10;
    private static final String NO_GENRES = "(no genres listed)";

    private final Map<String, Movie> movies;
    private final List<Rating> ratings;
    private final int droppedRatings;

    private MovieLensData(Map<String, Movie> movies, List<Rating> ratings, int droppedRatings) {
        this.movies = Collections.unmodifiableMap(movies);
        this.ratings = Collections.unmodifiableList(ratings);
        this.droppedRatings = droppedRatings;
    }

    public static MovieLensData load(Path dir) throws IOException {
        Path tagsFile = dir.resolve("tags.csv");
        Map<String, List<String>> tags = Files.exists(tagsFile) ? readTags(tagsFile) : Map.of();
        Map<String, Movie> movies = readMovies(dir.resolve("movies.csv"), tags);
        List<Rating> ratings = new ArrayList<>();
        int dropped = readRatings(dir.resolve("ratings.csv"), movies, ratings);
        return new MovieLensData(movies, ratings, dropped);
    }

    /** Movies by id, in file order. */
    public Map<String, Movie> movies() {
        return movies;
    }

    /** Ratings in file order. */
    public List<Rating> ratings() {
        return ratings;
    }

    public int droppedRatings() {
        return droppedRatings;
    }

    private static Map<String, Movie> readMovies(Path file, Map<String, List<String>> tags) throws IOException {
        Map<String, Movie> movies = new LinkedHashMap<>();
        try (CsvReader csv = open(file)) {
            Header h = Header.of(csv.next(), file, "movieId", "title", "genres");
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                String id = h.get(row, "movieId").trim();
                List<String> genres = new ArrayList<>();
                for (String g : h.get(row, "genres").split("\\|")) {
                    if (!g.isBlank() && !g.equals(NO_GENRES)) {
                        genres.add(g.trim());
                    }
                }
                movies.put(id, new Movie(id, h.get(row, "title").trim(), genres, tags.getOrDefault(id, List.of())));
            }
        }
        return movies;
    }

    private static int readRatings(Path file, Map<String, Movie> movies, List<Rating> out) throws IOException {
        int dropped = 0;
        try (CsvReader csv = open(file)) {
            Header h = Header.of(csv.next(), file, "userId", "movieId", "rating", "timestamp");
            long seq = 0;
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                String item = h.get(row, "movieId").trim();
                if (!movies.containsKey(item)) {
                    dropped++;
                    continue;
                }
                out.add(new Rating(h.get(row, "userId").trim(), item, Double.parseDouble(h.get(row, "rating").trim()),
                        Long.parseLong(h.get(row, "timestamp").trim()) * 1000L, seq++));
            }
        }
        return dropped;
    }

    /** Per movie, its distinct tags (case-insensitive), most used first, at most {@link #MAX_TAGS_PER_ITEM}. */
    private static Map<String, List<String>> readTags(Path file) throws IOException {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        Map<String, String> display = new HashMap<>();
        try (CsvReader csv = open(file)) {
            Header h = Header.of(csv.next(), file, "movieId", "tag");
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                String tag = h.get(row, "tag").trim();
                if (tag.isEmpty()) {
                    continue;
                }
                String key = tag.toLowerCase(Locale.ROOT);
                display.putIfAbsent(key, tag);
                counts.computeIfAbsent(h.get(row, "movieId").trim(), k -> new LinkedHashMap<>()).merge(key, 1, Integer::sum);
            }
        }
        Map<String, List<String>> tags = new HashMap<>();
        counts.forEach((movie, byTag) -> tags.put(movie, byTag.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(MAX_TAGS_PER_ITEM)
                .map(e -> display.get(e.getKey()))
                .toList()));
        return tags;
    }

    private static CsvReader open(Path file) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        reader.mark(1);
        if (reader.read() != '\uFEFF') { // tolerate a byte-order mark from spreadsheet exports
            reader.reset();
        }
        return new CsvReader(reader);
    }

    /** Column positions by header name. */
    private record Header(Map<String, Integer> index, Path file) {
        static Header of(List<String> header, Path file, String... required) throws IOException {
            if (header == null) {
                throw new IOException(file + " is empty");
            }
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                index.put(header.get(i).trim(), i);
            }
            for (String column : required) {
                if (!index.containsKey(column)) {
                    throw new IOException(file + " lacks column '" + column + "' (header: " + header + ")");
                }
            }
            return new Header(index, file);
        }

        String get(List<String> row, String column) throws IOException {
            int i = index.get(column);
            if (i >= row.size()) {
                throw new IOException(file + ": row " + row + " has no column '" + column + "'");
            }
            return row.get(i);
        }
    }
}
