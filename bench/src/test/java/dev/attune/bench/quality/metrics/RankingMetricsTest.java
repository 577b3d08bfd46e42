package dev.attune.bench.quality.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RankingMetricsTest {

    private static final List<String> RANKED = List.of("a", "b", "c", "d", "e");

    @Test
    void shouldCountRecallAsHitsInTheTopKOverAllTargets() {
        // targets b and e and z: b at rank 2, e at rank 5, z never
        Set<String> targets = Set.of("b", "e", "z");

        assertThat(RankingMetrics.recall(RANKED, targets, 2)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(RankingMetrics.recall(RANKED, targets, 5)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(RankingMetrics.recall(RANKED, targets, 50)).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void shouldScoreNdcgAgainstTheIdealOrderingByHand() {
        Set<String> targets = Set.of("b", "e", "z");

        // DCG@5 = 1/log2(3) + 1/log2(6) = 0.63093 + 0.38685; IDCG@5 = 1 + 1/log2(3) + 1/2 = 2.13093
        double expected = (0.6309297535714575 + 0.38685280723454163) / (1 + 0.6309297535714575 + 0.5);
        assertThat(RankingMetrics.ndcg(RANKED, targets, 5)).isCloseTo(expected, within(1e-12));
        // @1: nothing at rank 1, ideal 1
        assertThat(RankingMetrics.ndcg(RANKED, targets, 1)).isZero();
    }

    @Test
    void shouldGiveNdcgOneForAPerfectListAndLimitTheIdealToK() {
        assertThat(RankingMetrics.ndcg(List.of("x", "y"), Set.of("x", "y", "w"), 2)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void shouldHitWhenAnyTargetIsInTheTopK() {
        assertThat(RankingMetrics.hitRate(RANKED, Set.of("e"), 5)).isEqualTo(1.0);
        assertThat(RankingMetrics.hitRate(RANKED, Set.of("e"), 4)).isZero();
        assertThat(RankingMetrics.hitRate(List.of(), Set.of("e"), 50)).isZero();
    }

    @Test
    void shouldRefuseAUserWithoutTargets() {
        assertThatThrownBy(() -> RankingMetrics.recall(RANKED, Set.of(), 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMeasureDiversityAsMeanPairwiseCosineDistance() {
        float[] x = {1, 0};
        float[] y = {0, 1};
        // pairs: (x,x') = 0, (x,y) = 1, (x',y) = 1 -> 2/3
        double ild = ListMetrics.intraListDiversity(List.of("x", "x2", "y"), 20,
                id -> id.startsWith("x") ? x : y);
        assertThat(ild).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(ListMetrics.intraListDiversity(List.of("x"), 20, id -> x)).isZero();
    }
}
