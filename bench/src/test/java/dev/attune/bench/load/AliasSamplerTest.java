package dev.attune.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AliasSamplerTest {

    @Test
    void shouldDrawEachIndexInProportionToItsWeight() {
        // Given weights 1:2:7 (and a zero that must never come out)
        AliasSampler sampler = new AliasSampler(new double[] {1, 2, 7, 0});
        SplittableRandom random = new SplittableRandom(1);
        int[] counts = new int[4];

        // When drawing many times
        for (int i = 0; i < 200_000; i++) {
            counts[sampler.next(random)]++;
        }

        // Then the shares match the weights
        assertThat(counts[0] / 200_000.0).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.01));
        assertThat(counts[1] / 200_000.0).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.01));
        assertThat(counts[2] / 200_000.0).isCloseTo(0.7, org.assertj.core.data.Offset.offset(0.01));
        assertThat(counts[3]).isZero();
    }

    @Test
    void shouldRejectWeightsThatSumToZero() {
        assertThatThrownBy(() -> new AliasSampler(new double[] {0, 0})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveTheMostActiveUsersTheLargestShareUnderZipf() {
        // Given 10,000 users with Zipf exponent 0.8
        AliasSampler users = UserActivity.zipf(10_000, 0.8);
        SplittableRandom random = new SplittableRandom(2);
        int top100 = 0;

        // When drawing 100,000 events
        for (int i = 0; i < 100_000; i++) {
            if (users.next(random) < 100) {
                top100++;
            }
        }

        // Then the top 1% of users write far more than 1% of the events (a long tail), but not all of them
        assertThat(top100 / 100_000.0).isBetween(0.15, 0.5);
    }
}
