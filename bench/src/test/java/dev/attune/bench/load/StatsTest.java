package dev.attune.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void shouldTakeNearestRankPercentilesOfAnUnsortedSample() {
        // Given the numbers 1..100 shuffled
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = (i * 37) % 100 + 1;
        }

        // When summarised
        Stats stats = new Stats(values);

        // Then p50 is 50, p99 is 99, max is 100
        assertThat(stats.percentile(50)).isEqualTo(50);
        assertThat(stats.percentile(99)).isEqualTo(99);
        assertThat(stats.max()).isEqualTo(100);
        assertThat(stats.mean()).isEqualTo(50.5);
    }

    @Test
    void shouldReportZeroForAnEmptySample() {
        assertThat(new Stats(new long[0]).percentile(99)).isZero();
    }
}
