package dev.attune.deploy.movielens;

import java.util.List;

/** One row of tags.csv: free text a user attached to a movie, with its Unix time in seconds. */
public record Tag(String userId, String movieId, String text, long epochSeconds) {

    public static Tag fromRecord(List<String> record) {
        if (record.size() != 4) {
            throw new IllegalArgumentException("tags.csv: expected 4 fields, got " + record);
        }
        return new Tag(record.get(0).trim(), record.get(1).trim(), record.get(2).trim(), Long.parseLong(record.get(3).trim()));
    }
}
