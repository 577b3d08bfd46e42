package dev.attune.deploy.movielens;

import java.util.List;

/** One row of ratings.csv: a 0.5-5 star rating with its Unix time in seconds. */
public record Rating(String userId, String movieId, double stars, long epochSeconds) {

    public static Rating fromRecord(List<String> record) {
        if (record.size() != 4) {
            throw new IllegalArgumentException("ratings.csv: expected 4 fields, got " + record);
        }
        return new Rating(record.get(0).trim(), record.get(1).trim(), Double.parseDouble(record.get(2).trim()),
                Long.parseLong(record.get(3).trim()));
    }
}
