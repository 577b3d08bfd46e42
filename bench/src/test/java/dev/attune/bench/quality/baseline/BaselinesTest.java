package dev.attune.bench.quality.baseline;

import dev.attune.bench.quality.Catalogue;
import dev.attune.bench.quality.protocol.Feedback;
import dev.attune.bench.quality.protocol.Interaction;
import dev.attune.bench.quality.protocol.UserCase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BaselinesTest {

    private final Catalogue catalogue = new Catalogue(List.of("a", "b", "c", "d"));

    @Test
    void shouldRankByPopularityAsOfTheSplitTimeOnly() {
        // Given b liked twice before u's split and c liked three times after it
        List<Interaction> training = List.of(
                like("x", "b", 1), like("y", "b", 2), like("u", "a", 3),
                like("x", "c", 10), like("y", "c", 11), like("z", "c", 12));
        UserCase u = new UserCase("u", List.of(like("u", "a", 3)), Set.of("a"), Set.of("c"), false);

        // When
        Map<String, Map<String, List<String>>> lists = Sweep.run(List.of(new MostPopular(catalogue)), training, List.of(u), 2);

        // Then c's later popularity is not visible to u, and u's own seen item is excluded
        assertThat(lists.get("Most popular").get("u")).containsExactly("b", "c");
    }

    @Test
    void shouldRankByCosineToTheMeanOfLikedItems() {
        catalogue.setVector("a", new float[]{1, 0});
        catalogue.setVector("b", new float[]{0.8f, 0.6f});
        catalogue.setVector("c", new float[]{0, 1});
        catalogue.setVector("d", new float[]{-1, 0});
        UserCase u = new UserCase("u", List.of(like("u", "a", 1), new Interaction("u", "c", Feedback.NEGATIVE, 2, 2)),
                Set.of("a", "c"), Set.of("b"), false);

        List<String> ranked = new MeanVector(catalogue).recommend(u, 3);

        assertThat(ranked).containsExactly("b", "d");
    }

    @Test
    void shouldRecommendItemsLikedTogetherWithTheUsersRecentLikes() {
        // Given x and y liked a then c; z liked b then d; u liked a
        List<Interaction> training = List.of(
                like("x", "a", 1), like("x", "c", 2), like("y", "a", 3), like("y", "c", 4),
                like("z", "b", 5), like("z", "d", 6), like("u", "a", 7));
        UserCase u = new UserCase("u", List.of(like("u", "a", 7)), Set.of("a"), Set.of("c"), false);

        Map<String, Map<String, List<String>>> lists =
                Sweep.run(List.of(new ItemCooccurrence(catalogue, 50)), training, List.of(u), 1);

        assertThat(lists.get("Item-item co-occurrence").get("u")).containsExactly("c");
    }

    private static Interaction like(String user, String item, long t) {
        return new Interaction(user, item, Feedback.POSITIVE, t, t);
    }
}
