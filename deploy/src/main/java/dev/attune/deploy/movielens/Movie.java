package dev.attune.deploy.movielens;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of movies.csv. The title keeps its year ("Heat (1995)") because that is how people know
 * the film; the year is also split out as an attribute.
 */
public record Movie(String id, String title, Optional<Integer> year, List<String> genres) {

    private static final Pattern YEAR = Pattern.compile("\\((\\d{4})(?:[-–]\\d{0,4})?\\)\\s*$");
    /** MovieLens writes this instead of an empty genre list. */
    static final String NO_GENRES = "(no genres listed)";

    /** Parses a movies.csv record: movieId, title, pipe-separated genres. */
    public static Movie fromRecord(List<String> record) {
        if (record.size() != 3) {
            throw new IllegalArgumentException("movies.csv: expected 3 fields, got " + record);
        }
        String title = record.get(1).trim();
        return new Movie(record.get(0).trim(), title, yearOf(title), genresOf(record.get(2)));
    }

    static Optional<Integer> yearOf(String title) {
        Matcher matcher = YEAR.matcher(title);
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    static List<String> genresOf(String field) {
        String trimmed = field.trim();
        if (trimmed.isEmpty() || trimmed.equals(NO_GENRES)) {
            return List.of();
        }
        return List.of(trimmed.split("\\|")).stream().map(String::trim).filter(g -> !g.isEmpty()).toList();
    }
}
