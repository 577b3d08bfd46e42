package dev.attune.bench.memory;

import dev.attune.schema.EventKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MovieLens ratings as click events, in time order: rating >= 4 is a LIKE, <= 2 a DISLIKE, in
 * between a VIEW (the same reading as the offline quality evaluator).
 */
final class MovieLensRatings {

    record Rating(String userId, String itemId, EventKind kind, long eventTimeMs) {
    }

    private MovieLensRatings() {
    }

    static List<Rating> read(Path dataDir) throws IOException {
        List<Rating> ratings = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(dataDir.resolve("ratings.csv"), StandardCharsets.UTF_8)) {
            List<String> header = List.of(in.readLine().strip().split(","));
            int user = header.indexOf("userId");
            int movie = header.indexOf("movieId");
            int rating = header.indexOf("rating");
            int time = header.indexOf("timestamp");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.strip().split(",");
                double r = Double.parseDouble(f[rating]);
                EventKind kind = r >= 4 ? EventKind.LIKE : r <= 2 ? EventKind.DISLIKE : EventKind.VIEW;
                ratings.add(new Rating("ml" + f[user], "m" + f[movie], kind, Long.parseLong(f[time]) * 1000));
            }
        }
        ratings.sort(Comparator.comparingLong(Rating::eventTimeMs));
        return ratings;
    }
}
