package dev.attune.bench.quality.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MovieLensDataTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadMoviesRatingsAndMostUsedTagsByHeaderName() throws IOException {
        // Given a tiny dataset with reordered rating columns, a genre-less movie and a rating of an unknown movie
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\r\n"
                + "1,Toy Story (1995),Adventure|Animation\r\n"
                + "2,\"Lord of the Rings, The (1978)\",(no genres listed)\r\n");
        Files.writeString(dir.resolve("ratings.csv"), "timestamp,userId,movieId,rating\r\n"
                + "964982703,7,1,4.5\r\n964982800,7,2,2.0\r\n964982900,7,99,5.0\r\n");
        Files.writeString(dir.resolve("tags.csv"), "userId,movieId,tag,timestamp\r\n"
                + "7,1,pixar,1\r\n8,1,Pixar,2\r\n8,1,toys,3\r\n");

        // When
        MovieLensData data = MovieLensData.load(dir);

        // Then
        assertThat(data.movies().get("1")).isEqualTo(new Movie("1", "Toy Story (1995)",
                List.of("Adventure", "Animation"), List.of("pixar", "toys")));
        assertThat(data.movies().get("2").genres()).isEmpty();
        assertThat(data.movies().get("2").title()).isEqualTo("Lord of the Rings, The (1978)");
        assertThat(data.ratings()).containsExactly(
                new Rating("7", "1", 4.5, 964982703000L, 0),
                new Rating("7", "2", 2.0, 964982800000L, 1));
        assertThat(data.droppedRatings()).isEqualTo(1);
    }

    @Test
    void shouldWorkWithoutATagsFile() throws IOException {
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n5,Heat (1995),Crime\n");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,5,3.0,10\n");

        MovieLensData data = MovieLensData.load(dir);

        assertThat(data.movies().get("5").tags()).isEmpty();
        assertThat(data.ratings()).hasSize(1);
    }
}
