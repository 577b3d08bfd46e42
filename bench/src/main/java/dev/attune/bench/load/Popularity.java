package dev.attune.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Item popularity taken from MovieLens: the number of ratings of each movie, most rated first.
 * A catalogue larger than the dataset keeps MovieLens' head and gives every extra item the
 * dataset's smallest count (one rating), i.e. a longer flat tail.
 */
public final class Popularity {

    private final List<String> itemIds;
    private final double[] weights;

    Popularity(List<String> itemIds, double[] weights) {
        this.itemIds = List.copyOf(itemIds);
        this.weights = weights.clone();
    }

    /** {@code items} items: MovieLens movies (id {@code m<movieId>}) by rating count, then synthetic ones ({@code x<n>}). */
    public static Popularity fromMovieLens(Path dataDir, int items) throws IOException {
        Map<String, Integer> counts = ratingCounts(dataDir.resolve("ratings.csv"));
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(counts.entrySet());
        // Ties broken by id so that two runs build the same catalogue.
        ranked.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> ids = new ArrayList<>(items);
        double[] weights = new double[items];
        for (int i = 0; i < items; i++) {
            if (i < ranked.size()) {
                ids.add("m" + ranked.get(i).getKey());
                weights[i] = ranked.get(i).getValue();
            } else {
                ids.add("x" + i);
                weights[i] = 1;
            }
        }
        return new Popularity(ids, weights);
    }

    static Map<String, Integer> ratingCounts(Path ratings) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(ratings, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            int column = List.of(header.strip().split(",")).indexOf("movieId");
            if (column < 0) {
                throw new IOException(ratings + " has no movieId column");
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    counts.merge(line.strip().split(",")[column], 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    public int size() {
        return itemIds.size();
    }

    /** Item ids, most popular first. */
    public List<String> itemIds() {
        return itemIds;
    }

    public String itemId(int rank) {
        return itemIds.get(rank);
    }

    /** Rating counts by rank (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    public AliasSampler sampler() {
        return new AliasSampler(weights);
    }

    /** Share of all draws that go to the {@code top} most popular items. */
    public double headShare(int top) {
        double head = 0;
        double all = 0;
        for (int i = 0; i < weights.length; i++) {
            all += weights[i];
            if (i < top) {
                head += weights[i];
            }
        }
        return head / all;
    }
}
