package dev.attune.bench.quality;

import dev.attune.bench.quality.baseline.Recommender;
import dev.attune.bench.quality.baseline.Sweep;
import dev.attune.bench.quality.data.Movie;
import dev.attune.bench.quality.protocol.Feedback;
import dev.attune.bench.quality.protocol.Interaction;
import dev.attune.bench.quality.protocol.UserCase;
import dev.attune.streams.model.InterestParams;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PopularityBlendTest {

    @Test
    void shouldLetPopularityOutrankSimilarityOnlyWhenBetaIsLarge() throws Exception {
        // Given u liked a1; a2 is the similar film, b1 the film many others liked before u's split
        Catalogue catalogue = new Catalogue(List.of("a1", "a2", "b1"));
        Map<String, Movie> movies = new LinkedHashMap<>();
        float[][] vectors = {{1, 0}, {0.96f, 0.28f}, {0, 1}};
        for (int i = 0; i < 3; i++) {
            catalogue.setVector(catalogue.id(i), vectors[i]);
            movies.put(catalogue.id(i), new Movie(catalogue.id(i), "Film " + i, List.of(), List.of()));
        }
        EmbeddedCatalogue embedded = EmbeddedCatalogue.of(catalogue, movies, List.of(), "test-model");
        List<Interaction> training = new ArrayList<>();
        for (int other = 0; other < 5; other++) {
            training.add(new Interaction("o" + other, "b1", Feedback.POSITIVE, 1_000L + other, other));
        }
        Interaction like = new Interaction("u", "a1", Feedback.POSITIVE, 10_000L, 10);
        training.add(like);
        UserCase u = new UserCase("u", List.of(like), Set.of("a1"), Set.of("a2"), false);

        // When
        Map<String, Map<String, List<String>>> lists;
        try (EngineRecommender engine = EngineRecommender.start(embedded, new QualityEvalConfig(Map.of()), Map.of())) {
            List<Recommender> all = new ArrayList<>(List.of(engine));
            all.addAll(PopularityBlend.family(engine, catalogue, 0.2, InterestParams.defaults(), List.of(0.0, 5.0)));
            lists = Sweep.run(all, training, List.of(u), 2);
        }

        // Then without the prior the similar film leads; with a strong prior the popular one does
        assertThat(lists.get("Prototype: Attune interests + popularity (beta=0.00)").get("u")).containsExactly("a2", "b1");
        assertThat(lists.get("Prototype: Attune interests + popularity (beta=5.00)").get("u")).containsExactly("b1", "a2");
    }
}
