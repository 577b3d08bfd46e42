package dev.attune.deploy.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.schema.QueryEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensTest {

    @TempDir
    Path dir;

    private void writeSample() throws IOException {
        write("movies.csv", "movieId,title,genres\r\n"
                + "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\r\n"
                + "11,\"American President, The (1995)\",Comedy|Drama|Romance\r\n"
                + "260,Star Wars: Episode IV - A New Hope (1977),Action|Adventure|Sci-Fi\r\n"
                + "999,Never Rated (2001),(no genres listed)\r\n");
        write("ratings.csv", "userId,movieId,rating,timestamp\r\n"
                + "1,260,5.0,300\r\n"
                + "1,1,4.0,100\r\n"
                + "2,11,2.0,200\r\n"
                + "10,1,3.0,50\r\n");
        write("tags.csv", "userId,movieId,tag,timestamp\r\n"
                + "1,260,space opera,310\r\n"
                + "1,1,Pixar,320\r\n"
                + "2,1,pixar ,330\r\n"
                + "2,11,\"\"\"politics\"\"\",340\r\n");
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadMoviesRatingsAndTagsFromCrlfQuotedFiles() throws IOException {
        writeSample();

        MovieLens data = MovieLens.read(dir, 0);

        assertThat(data.movies()).containsOnlyKeys("1", "11", "260", "999");
        assertThat(data.movies().get("11").title()).isEqualTo("American President, The (1995)");
        assertThat(data.ratings()).hasSize(4);
        assertThat(data.tags()).extracting(Tag::text).contains("\"politics\"");
    }

    @Test
    void shouldMergeTagsCaseInsensitivelyMostUsedFirst() throws IOException {
        writeSample();

        MovieLens data = MovieLens.read(dir, 0);

        assertThat(data.tagsByMovie().get("1")).containsExactly("pixar");
        assertThat(data.tagsByMovie().get("260")).containsExactly("space opera");
    }

    @Test
    void shouldKeepOnlyTheFirstUsersByNumericIdAndTheMoviesTheyTouched() throws IOException {
        writeSample();

        MovieLens data = MovieLens.read(dir, 2);

        // Numeric order: 1, 2 (not "1", "10").
        assertThat(data.ratings()).extracting(Rating::userId).containsOnly("1", "2");
        assertThat(data.movies()).containsOnlyKeys("1", "11", "260");
    }

    @Test
    void shouldReplayClicksAndRequestsInEventTimeOrderAfterTheCatalogue() throws IOException {
        writeSample();

        MovieLensEvents events = MovieLensEvents.from(MovieLens.read(dir, 0), 42L);

        assertThat(events.items()).hasSize(4);
        assertThat(events.timeline()).extracting(MovieLensEvents.Timed::eventTimeMillis).isSorted();
        assertThat(events.clickCount()).isEqualTo(4);
        ClickEvent first = (ClickEvent) events.timeline().get(0).value();
        assertThat(first.getUserId()).isEqualTo("10");
        assertThat(first.getKind()).isEqualTo(EventKind.VIEW);
        // User 1 tagged twice: one request from "space opera" + "pixar", at the later tag's time.
        QueryEvent query = (QueryEvent) events.timeline().stream().filter(MovieLensEvents.Timed::isQuery)
                .filter(t -> t.userId().equals("1")).findFirst().orElseThrow().value();
        assertThat(query.getText()).isEqualTo("space opera and pixar movies");
        assertThat(query.getEventTime().getEpochSecond()).isEqualTo(320);
    }

    @Test
    void shouldNameTheMissingFileWhenTheDirectoryIsNotMovieLens() {
        assertThatThrownBy(() -> MovieLens.read(dir, 0)).hasMessageContaining("movies.csv").hasMessageContaining("--data");
    }

    @Test
    void shouldReadTheWholeSharedMovieLensLatestSmall() {
        Path shared = Path.of(System.getProperty("attune.movielens.dir", "../../shared/data/movielens/ml-latest-small"));
        assumeTrue(Files.isDirectory(shared), "MovieLens latest-small is not at " + shared.toAbsolutePath());

        MovieLens data = MovieLens.read(shared, 0);
        MovieLensEvents events = MovieLensEvents.from(data, 0);

        // The counts MovieLens publishes in its README.
        assertThat(data.movies()).hasSize(9742);
        assertThat(data.ratings()).hasSize(100_836);
        assertThat(data.tags()).hasSize(3683);
        assertThat(events.clickCount()).isEqualTo(100_836);
        assertThat(events.queryCount()).isBetween(300L, 3L * 610);
        assertThat(data.movies().values()).allSatisfy(movie -> assertThat(movie.title()).doesNotEndWith(" ").doesNotContain("\r"));
    }
}
