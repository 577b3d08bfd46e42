package dev.attune.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PopularityTest {

    @TempDir
    Path dir;

    @Test
    void shouldRankMoviesByRatingCountAndPadTheTailWithSyntheticItems() throws Exception {
        // Given ratings where movie 3 is rated three times, movie 1 twice, movie 2 once (CRLF, as MovieLens ships)
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\r\n"
                + "1,3,4.0,1\r\n2,3,4.0,1\r\n3,3,1.0,1\r\n1,1,5.0,1\r\n2,1,2.0,1\r\n1,2,3.0,1\r\n");

        // When a catalogue of five items is built
        Popularity popularity = Popularity.fromMovieLens(dir, 5);

        // Then the movies come first by count and two synthetic items follow with the smallest weight
        assertThat(popularity.itemIds()).containsExactly("m3", "m1", "m2", "x3", "x4");
        assertThat(popularity.weights()).containsExactly(3, 2, 1, 1, 1);
        assertThat(popularity.headShare(1)).isEqualTo(3.0 / 8);
    }
}
