package dev.attune.worker.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attune.schema.Polarity;
import dev.attune.worker.SharedEncoder;
import dev.attune.worker.model.TextEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decomposition with the real all-MiniLM-L6-v2 model. */
class QueryDecomposerTest {

    private final TextEncoder encoder = SharedEncoder.get();
    private final QueryDecomposer decomposer = new QueryDecomposer(4, 2, 0.6, 0.15);

    private List<QueryDecomposer.Facet> decompose(String query) {
        float[] whole = encoder.embedQueries(List.of(query))[0];
        return decomposer.decompose(query, whole, decomposer.candidates(query), p -> encoder.embedQueries(List.of(p))[0]);
    }

    @Test
    void shouldYieldAPositiveSpaceOrComedyFacetAndANegativeScaryFacet() {
        var facets = decompose("funny space movies, nothing scary");

        assertThat(facets).filteredOn(f -> f.polarity() == Polarity.POSITIVE).isNotEmpty()
                .anySatisfy(f -> assertThat(f.phrase()).containsAnyOf("space", "funny"));
        assertThat(facets).filteredOn(f -> f.polarity() == Polarity.NEGATIVE)
                .extracting(QueryDecomposer.Facet::phrase).containsExactly("scary");
    }

    @Test
    void shouldWeighFacetsSoTheySumToOne() {
        var facets = decompose("light sci-fi comedies about space, nothing too dark");

        assertThat(facets).hasSizeBetween(2, 4);
        assertThat((float) facets.stream().mapToDouble(QueryDecomposer.Facet::weight).sum()).isCloseTo(1f, within(1e-4f));
        assertThat(facets).allSatisfy(f -> assertThat(f.weight()).isPositive());
    }

    @Test
    void shouldPickDiverseFacetsThatShareNoWord() {
        var facets = decompose("romantic comedies set in paris, and gritty crime thrillers");

        List<String> phrases = facets.stream().map(QueryDecomposer.Facet::phrase).toList();
        assertThat(phrases).hasSizeGreaterThanOrEqualTo(2);
        assertThat(String.join(" ", phrases).split(" ")).doesNotHaveDuplicates();
    }

    @Test
    void shouldLeaveFacetsEmptyForASingleWordQuery() {
        assertThat(decompose("westerns")).isEmpty();
    }

    @Test
    void shouldGiveAQueryInAnotherScriptFacetsFromItsClauses() {
        var facets = decompose("宇宙のコメディ映画、怖くないもの");

        assertThat(facets).isNotEmpty().allSatisfy(f -> assertThat(f.polarity()).isEqualTo(Polarity.POSITIVE));
    }
}
