package dev.attune.deploy.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.QueryEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryComposerTest {

    private static final Map<String, Movie> MOVIES = Map.of(
            "1", new Movie("1", "Alien (1979)", Optional.of(1979), List.of("Horror", "Sci-Fi")),
            "2", new Movie("2", "Toy Story (1995)", Optional.of(1995), List.of("Animation", "Comedy")),
            "3", new Movie("3", "Heat (1995)", Optional.of(1995), List.of("Crime", "Sci-Fi")));

    @Test
    void shouldAskWithTheUsersOwnTagsTwoAtATimeAtTheTimeOfTheLaterTag() {
        QueryComposer composer = new QueryComposer(MOVIES, Map.of());
        List<Tag> tags = List.of(new Tag("9", "1", "Space", 100), new Tag("9", "1", "dark", 200),
                new Tag("9", "2", "space", 300), new Tag("9", "2", "funny", 400), new Tag("9", "3", "heist", 500));

        List<QueryEvent> queries = composer.compose("9", List.of(), tags);

        assertThat(queries).hasSize(2);
        assertThat(queries.get(0).getText()).isEqualTo("space and dark movies");
        assertThat(queries.get(0).getEventTime()).isEqualTo(Instant.ofEpochSecond(200));
        assertThat(queries.get(1).getText()).contains("funny").contains("heist");
        assertThat(queries.get(1).getEventTime()).isEqualTo(Instant.ofEpochSecond(500));
        assertThat(queries).extracting(QueryEvent::getUserId).containsOnly("9");
        assertThat(queries).extracting(QueryEvent::getQueryId).doesNotHaveDuplicates();
    }

    @Test
    void shouldAskWithOtherPeoplesTagsOfLikedMoviesWhenTheUserHasNoTags() {
        QueryComposer composer = new QueryComposer(MOVIES, Map.of("2", List.of("pixar", "toys", "fun")));
        List<Rating> ratings = List.of(new Rating("5", "2", 5.0, 10), new Rating("5", "2", 4.5, 20),
                new Rating("5", "2", 4.0, 30), new Rating("5", "2", 5.0, 40), new Rating("5", "2", 4.0, 50));

        List<QueryEvent> queries = composer.compose("5", ratings, List.of());

        assertThat(queries).hasSize(1);
        assertThat(queries.get(0).getText()).isEqualTo("fun and pixar movies");
        assertThat(queries.get(0).getEventTime()).isEqualTo(Instant.ofEpochSecond(50));
    }

    @Test
    void shouldSayNothingOfAGenreTheUserOnlyDisliked() {
        QueryComposer composer = new QueryComposer(MOVIES, Map.of());
        List<Rating> ratings = List.of(new Rating("4", "1", 1.0, 10), new Rating("4", "3", 4.5, 20));
        List<Tag> tags = List.of(new Tag("4", "3", "heist", 30), new Tag("4", "3", "slow burn", 40));

        List<QueryEvent> queries = composer.compose("4", ratings, tags);

        // Horror was only disliked; Sci-Fi was also liked (Heat), so it is not avoided.
        assertThat(queries).singleElement().extracting(QueryEvent::getText).isEqualTo("heist and slow burn movies, nothing horror");
    }

    @Test
    void shouldWriteAtMostThreeRequestsPerUser() {
        QueryComposer composer = new QueryComposer(MOVIES, Map.of());
        List<Tag> tags = java.util.stream.IntStream.range(0, 20).mapToObj(i -> new Tag("3", "1", "tag " + i, i)).toList();

        assertThat(composer.compose("3", List.of(), tags)).hasSize(QueryComposer.MAX_QUERIES_PER_USER);
    }

    @Test
    void shouldAskNothingWithoutTagsOrEnoughLikes() {
        QueryComposer composer = new QueryComposer(MOVIES, Map.of());

        assertThat(composer.compose("2", List.of(new Rating("2", "1", 5.0, 1)), List.of(new Tag("2", "1", "one", 1))))
                .isEmpty();
    }
}
