package dev.attune.deploy.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MovieTest {

    @Test
    void shouldSplitPipeSeparatedGenresIntoCategories() {
        Movie movie = Movie.fromRecord(List.of("1", "Toy Story (1995)", "Adventure|Animation|Children|Comedy|Fantasy"));

        assertThat(movie.genres()).containsExactly("Adventure", "Animation", "Children", "Comedy", "Fantasy");
    }

    @Test
    void shouldReadNoGenresListedAsNoCategories() {
        Movie movie = Movie.fromRecord(List.of("114335", "La cravate (1957)", "(no genres listed)"));

        assertThat(movie.genres()).isEmpty();
    }

    @Test
    void shouldTakeTheYearFromTheEndOfTheTitleAndKeepTheTitleWhole() {
        Movie movie = Movie.fromRecord(List.of("29", "City of Lost Children, The (Cité des enfants perdus, La) (1995)", "Drama"));

        assertThat(movie.year()).contains(1995);
        assertThat(movie.title()).isEqualTo("City of Lost Children, The (Cité des enfants perdus, La) (1995)");
    }

    @Test
    void shouldAcceptTitlesWithTrailingSpacesYearRangesOrNoYear() {
        assertThat(Movie.yearOf("From Dusk Till Dawn 2: Texas Blood Money (1999) ")).contains(1999);
        assertThat(Movie.yearOf("Stranger Things (2016-)")).contains(2016);
        assertThat(Movie.yearOf("Babylon 5")).isEqualTo(Optional.empty());
        assertThat(Movie.yearOf("The Godfather Trilogy: 1972-1990 (1992)")).contains(1992);
    }

    @Test
    void shouldRejectARecordWithTheWrongNumberOfFields() {
        assertThatThrownBy(() -> Movie.fromRecord(List.of("11", "American President", "The (1995)", "Comedy")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 3 fields");
    }
}
