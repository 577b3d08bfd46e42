package dev.attune.deploy.movielens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.schema.ItemEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventMapperTest {

    @Test
    void shouldMapStarRatingsOntoEventKindsFromLikeToDislike() {
        assertThat(EventMapper.kindOf(5.0)).isEqualTo(EventKind.LIKE);
        assertThat(EventMapper.kindOf(4.0)).isEqualTo(EventKind.LIKE);
        assertThat(EventMapper.kindOf(3.5)).isEqualTo(EventKind.CLICK);
        assertThat(EventMapper.kindOf(3.0)).isEqualTo(EventKind.VIEW);
        assertThat(EventMapper.kindOf(2.5)).isEqualTo(EventKind.SKIP);
        assertThat(EventMapper.kindOf(2.0)).isEqualTo(EventKind.DISLIKE);
        assertThat(EventMapper.kindOf(0.5)).isEqualTo(EventKind.DISLIKE);
    }

    @Test
    void shouldTurnAMovieIntoAnItemWithGenresAsCategoriesTagsAndTheYear() {
        Movie movie = new Movie("1", "Toy Story (1995)", Optional.of(1995), List.of("Animation", "Comedy"));

        ItemEvent item = EventMapper.toItem(movie, List.of("pixar", "fun"), 1_700_000_000_000L);

        assertThat(item.getItemId()).isEqualTo("1");
        assertThat(item.getTitle()).isEqualTo("Toy Story (1995)");
        assertThat(item.getCategories()).containsExactly("Animation", "Comedy");
        assertThat(item.getTags()).containsExactly("pixar", "fun");
        assertThat(item.getAttributes()).isEqualTo(Map.of("year", "1995"));
        assertThat(item.getUpdatedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(item.getPrecomputedVector()).isNull();
    }

    @Test
    void shouldKeepOnlyTheMostUsedTagsAndNoYearAttributeWithoutAYear() {
        Movie movie = new Movie("40697", "Babylon 5", Optional.empty(), List.of("Sci-Fi"));
        List<String> manyTags = IntStream.range(0, 25).mapToObj(i -> "tag" + i).toList();

        ItemEvent item = EventMapper.toItem(movie, manyTags, 0);

        assertThat(item.getTags()).hasSize(EventMapper.MAX_TAGS_PER_ITEM).startsWith("tag0", "tag1");
        assertThat(item.getAttributes()).isEmpty();
    }

    @Test
    void shouldTurnARatingIntoAClickAtItsOwnTimeKeyedByTheUser() {
        ClickEvent click = EventMapper.toClick(new Rating("7", "318", 1.5, 1_000_000_000L));

        assertThat(click.getUserId()).isEqualTo("7");
        assertThat(click.getItemId()).isEqualTo("318");
        assertThat(click.getKind()).isEqualTo(EventKind.DISLIKE);
        assertThat(click.getEventTime()).isEqualTo(Instant.ofEpochSecond(1_000_000_000L));
        assertThat(click.getContext()).containsEntry("rating", "1.5");
    }
}
