package dev.attune.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoolingTest {

    // batch 1, 3 tokens, dim 2: token vectors (1,0), (0,1), (100,100) where the last one is padding
    private final float[] hidden = {1, 0, 0, 1, 100, 100};
    private final long[] mask = {1, 1, 0};

    @Test
    void shouldAverageOnlyRealTokensWhenMeanPooling() {
        float[] v = Pooling.MEAN.pool(hidden, mask, 1, 3, 2)[0];

        assertThat(v[0]).isEqualTo(v[1]);
        assertThat(v[0]).isEqualTo((float) Math.sqrt(0.5), org.assertj.core.api.Assertions.within(1e-6f));
    }

    @Test
    void shouldTakeTheFirstTokenWhenClsPooling() {
        float[] v = Pooling.CLS.pool(hidden, mask, 1, 3, 2)[0];

        assertThat(v).containsExactly(1f, 0f);
    }
}
