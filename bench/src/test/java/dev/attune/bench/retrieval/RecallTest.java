package dev.attune.bench.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.bench.load.ItemSpace;
import dev.attune.streams.catalogue.VectorIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecallTest {

    @Test
    void shouldFindTheExactNeighboursFirstByExactSearch() {
        // Given three vectors and a query equal to the second
        float[][] vectors = {{1, 0}, {0, 1}, {0.6f, 0.8f}};
        ExactSearch exact = new ExactSearch(vectors);

        // When asking for the top 2
        int[] top = exact.top(new float[] {0, 1}, 2);

        // Then the second comes first, then the third (cosine 0.8)
        assertThat(top).containsExactly(1, 2);
    }

    @Test
    void shouldCountOnlyTheFirstKAnswersInRecall() {
        // Given an exact top 2 of {0, 1} and an answer that has 0 first and 1 only third
        List<VectorIndex.Hit> answer = List.of(new VectorIndex.Hit("0", 1f, new float[0], 0), new VectorIndex.Hit("5", 0.9f, new float[0], 5),
                new VectorIndex.Hit("1", 0.8f, new float[0], 1));

        // Then recall@2 is one half
        assertThat(RetrievalBench.recall(answer, new int[] {0, 1}, 2)).isEqualTo(0.5);
    }

    @Test
    void shouldReachHighRecallWithTheAppsIndexOnASmallCatalogue() {
        // Given the app's own index over 2,000 clustered vectors
        ItemSpace space = new ItemSpace(32, 8, 1.0, 3);

        // When measured against exact search, asking the index for 50 candidates
        List<RetrievalBench.Row> rows = RetrievalBench.measure(space, 2_000, 50, 10, List.of(50), 3);

        // Then recall@10 is high (the harness compares like with like)
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).recall()).isGreaterThan(0.9);
    }
}
