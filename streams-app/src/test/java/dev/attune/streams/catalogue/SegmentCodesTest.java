package dev.attune.streams.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attune.vector.Vectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.junit.jupiter.api.Test;

class SegmentCodesTest {

    private static final int DIMENSION = 384;

    @Test
    void shouldScoreEveryNodeWithinFloatRoundingOfTheFloatScore() throws IOException {
        Random random = new Random(17);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            vectors.add(randomUnit(random));
        }
        RandomAccessVectorValues.Floats values = RandomAccessVectorValues.fromFloats(vectors, DIMENSION);
        SegmentCodes codes = SegmentCodes.of(values);
        float[] query = randomUnit(random);

        RandomVectorScorer scorer = codes.scorer(values, query);

        assertThat(scorer.maxOrd()).isEqualTo(200);
        double worst = 0;
        for (int node = 0; node < vectors.size(); node++) {
            float exact = SimdVectorScorer.score(Vectors.dot(query, vectors.get(node)));
            worst = Math.max(worst, Math.abs(scorer.score(node) - exact));
        }
        // a score is (1 + cosine) / 2; the codes' cosine error at 384 dimensions is about 1e-3 at worst
        assertThat(worst).isLessThan(1e-3).isGreaterThan(0);
        assertThat(codes.bytes()).isEqualTo(200L * (DIMENSION + 4));
    }

    @Test
    void shouldRejectAQueryOfAnotherDimension() throws IOException {
        RandomAccessVectorValues.Floats values = RandomAccessVectorValues.fromFloats(
                List.of(randomUnit(new Random(1))), DIMENSION);
        SegmentCodes codes = SegmentCodes.of(values);
        assertThatThrownBy(() -> codes.scorer(values, new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 384 components, got 3");
    }

    private static float[] randomUnit(Random random) {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.normalizeInPlace(v);
    }
}
