package dev.attune.streams.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attune.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MmrRerankerTest {

    private static float[] unit(float... v) {
        return Vectors.normalizeInPlace(v);
    }

    private static List<Integer> all(MmrReranker.Selection selection) {
        List<Integer> picks = new ArrayList<>();
        int pick;
        while ((pick = selection.next()) >= 0) {
            picks.add(pick);
        }
        return picks;
    }

    @Test
    void shouldRankByRelevanceAloneWhenLambdaIsOne() {
        float[][] vectors = {unit(1, 0), unit(1, 0.01f), unit(0, 1)};
        double[] relevance = {0.5, 0.9, 0.7};

        assertThat(all(new MmrReranker(1.0).select(vectors, relevance))).containsExactly(1, 2, 0);
    }

    @Test
    void shouldPreferADifferentItemOverANearDuplicateOfThePickedOne() {
        // Given two near-identical relevant items and a less relevant but different one
        float[][] vectors = {unit(1, 0), unit(1, 0.01f), unit(0, 1)};
        double[] relevance = {0.9, 0.89, 0.6};

        // When MMR trades relevance for diversity
        MmrReranker.Selection selection = new MmrReranker(0.5).select(vectors, relevance);

        // Then the different item comes second, and the score is the MMR score of the pick
        assertThat(selection.next()).isEqualTo(0);
        assertThat(selection.score()).isCloseTo(0.45, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(selection.next()).isEqualTo(2);
        assertThat(selection.next()).isEqualTo(1);
        assertThat(selection.next()).isEqualTo(-1);
    }

    @Test
    void shouldPickTheSameItemsAsRecomputingRedundancyAgainstEveryPickAtEachStep() {
        Random random = new Random(7);
        float[][] vectors = new float[200][];
        double[] relevance = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            float[] v = new float[32];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) random.nextGaussian();
            }
            vectors[i] = unit(v);
            relevance[i] = random.nextDouble();
        }
        double lambda = 0.75;

        List<Integer> incremental = all(new MmrReranker(lambda).select(vectors, relevance)).subList(0, 20);

        assertThat(incremental).containsExactlyElementsOf(naive(vectors, relevance, 20, lambda));
    }

    /** The textbook O(P * n²) selection. */
    private static List<Integer> naive(float[][] vectors, double[] relevance, int n, double lambda) {
        List<Integer> picked = new ArrayList<>();
        while (picked.size() < n) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < vectors.length; i++) {
                if (picked.contains(i)) {
                    continue;
                }
                double redundancy = 0;
                for (int p : picked) {
                    redundancy = Math.max(redundancy, Vectors.dot(vectors[i], vectors[p]));
                }
                double score = lambda * relevance[i] - (1 - lambda) * redundancy;
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            picked.add(best);
        }
        return picked;
    }

    @Test
    void shouldRejectALambdaOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new MmrReranker(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
