package dev.attune.bench.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** MovieLens titles by item id ({@code m<movieId>}), so replayed evidence carries real title lengths. */
final class MovieTitles {

    private MovieTitles() {
    }

    /** movies.csv is {@code movieId,title,genres}; a title with a comma is double-quoted ({@code ""} escapes a quote). */
    static Map<String, String> read(Path dataDir) throws IOException {
        Map<String, String> titles = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(dataDir.resolve("movies.csv"), StandardCharsets.UTF_8)) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                line = line.strip();
                int first = line.indexOf(',');
                int last = line.lastIndexOf(',');
                if (first < 0 || last <= first) {
                    continue;
                }
                String title = line.substring(first + 1, last);
                if (title.length() >= 2 && title.startsWith("\"") && title.endsWith("\"")) {
                    title = title.substring(1, title.length() - 1).replace("\"\"", "\"");
                }
                titles.put("m" + line.substring(0, first), title);
            }
        }
        return titles;
    }
}
