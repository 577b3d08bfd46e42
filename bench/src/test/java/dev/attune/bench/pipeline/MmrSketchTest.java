package dev.attune.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.bench.load.ItemSpace;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MmrSketchTest {

    @Test
    void shouldPickTheSameItemsIncrementallyAsByRecomputingEveryStep() {
        // Given 300 clustered candidates with random relevance
        ItemSpace space = new ItemSpace(64, 6, 1.0, 11);
        SplittableRandom random = new SplittableRandom(11);
        float[][] vectors = new float[300][];
        double[] relevance = new double[300];
        for (int i = 0; i < 300; i++) {
            vectors[i] = space.item(i);
            relevance[i] = random.nextDouble();
        }

        // When both algorithms pick 20
        int[] today = MmrSketch.current(vectors, relevance, 20, 0.75);
        int[] proposed = MmrSketch.incremental(vectors, relevance, 20, 0.75);

        // Then they agree pick for pick, and diversity changed the pure-relevance order
        assertThat(proposed).containsExactly(today);
        assertThat(MmrSketch.current(vectors, relevance, 20, 1.0)).isNotEqualTo(today);
    }
}
