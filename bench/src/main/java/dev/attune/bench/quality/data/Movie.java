package dev.attune.bench.quality.data;

import java.util.List;

/** One catalogue item of a MovieLens-format dataset: its genres become categories, its tags tags. */
public record Movie(String itemId, String title, List<String> genres, List<String> tags) {
    public Movie {
        genres = List.copyOf(genres);
        tags = List.copyOf(tags);
    }
}
