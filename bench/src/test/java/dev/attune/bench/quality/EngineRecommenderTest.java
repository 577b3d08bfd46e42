package dev.attune.bench.quality;

import dev.attune.bench.quality.baseline.Recommender;
import dev.attune.bench.quality.baseline.Sweep;
import dev.attune.bench.quality.data.Movie;
import dev.attune.bench.quality.protocol.Feedback;
import dev.attune.bench.quality.protocol.Interaction;
import dev.attune.bench.quality.protocol.UserCase;
import dev.attune.schema.TermSource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The real topology in a TopologyTestDriver, with hand-made vectors instead of the encoder. */
class EngineRecommenderTest {

    @Test
    void shouldRankTheEnginesListAtTheSplitTimeWithoutSeenItems() throws Exception {
        // Given two clusters of films (around axis 0 and axis 1) and a user who liked two of the first
        Catalogue catalogue = new Catalogue(List.of("a1", "a2", "a3", "b1", "b2", "b3"));
        Map<String, Movie> movies = new LinkedHashMap<>();
        float[][] vectors = {unit(1, 0.1f, 0, 0), unit(1, 0, 0.1f, 0), unit(1, 0, 0, 0.1f),
                unit(0.1f, 1, 0, 0), unit(0, 1, 0.1f, 0), unit(0, 1, 0, 0.1f)};
        for (int i = 0; i < catalogue.size(); i++) {
            catalogue.setVector(catalogue.id(i), vectors[i]);
            movies.put(catalogue.id(i), new Movie(catalogue.id(i), "Film " + catalogue.id(i), List.of("Drama"), List.of()));
        }
        EmbeddedCatalogue embedded = EmbeddedCatalogue.of(catalogue, movies,
                List.of(new EmbeddedCatalogue.Term("Drama", TermSource.CATEGORY, unit(1, 1, 0, 0))), "test-model");
        List<Interaction> history = List.of(
                new Interaction("u", "a1", Feedback.POSITIVE, 1_000_000L, 0),
                new Interaction("u", "a2", Feedback.POSITIVE, 2_000_000L, 1));
        // a later like that must not be visible at u's split time
        List<Interaction> training = List.of(history.get(0), history.get(1),
                new Interaction("u", "b1", Feedback.POSITIVE, 3_000_000L, 2));
        UserCase u = new UserCase("u", history, Set.of("a1", "a2"), Set.of("a3"), false);
        QualityEvalConfig config = new QualityEvalConfig(Map.of());

        // When
        Map<String, Map<String, List<String>>> lists;
        try (EngineRecommender engine = EngineRecommender.start(embedded, config, Map.of())) {
            lists = Sweep.run(List.<Recommender>of(engine, engine.withPopularityWeight(0.0)), training, List.of(u), 3);
            assertThat(engine.deadLetters()).isZero();
        }

        // Then the engine's list starts with the unseen film of the liked cluster and holds no seen film
        List<String> ranked = lists.get("Attune (default config)").get("u");
        assertThat(ranked).isNotEmpty().doesNotContain("a1", "a2");
        assertThat(ranked.get(0)).isEqualTo("a3");
        // and the content-only row from the same replay ranks the same way (u's own likes are the only counts)
        assertThat(lists.get("Attune, recommend.popularity.weight=0.0").get("u")).startsWith("a3").doesNotContain("a1", "a2");
    }

    private static float[] unit(float... v) {
        return dev.attune.vector.Vectors.normalizeInPlace(v);
    }
}
