package dev.attune.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorsTest {

    private static final DotProduct SIMD = new SimdDotProduct();

    @Test
    void shouldUseSimdWhenTheJvmHasTheVectorModule() {
        // the build starts test JVMs with --add-modules jdk.incubator.vector, as every launcher starts the services
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        assertThat(Vectors.fastestDotProduct()).isInstanceOf(SimdDotProduct.class);
        assertThat(Vectors.dotImplementation()).startsWith("SIMD");
    }

    @Test
    void shouldAgreeWithTheScalarLoopAtEveryLengthAroundTheVectorWidth() {
        Random random = new Random(7);
        for (int length = 0; length <= 70; length++) {
            assertAgree(random, length);
        }
        assertAgree(random, 384);
        assertAgree(random, 768);
    }

    @Test
    void shouldComputeSmallProductsExactly() {
        float[] a = {1, 2, 3};
        float[] b = {4, 5, 6};
        assertThat(SIMD.dot(a, b)).isEqualTo(32f);
        assertThat(DotProduct.SCALAR.dot(a, b)).isEqualTo(32f);
        float[] longA = new float[40];
        float[] longB = new float[40];
        for (int i = 0; i < 40; i++) {
            longA[i] = i;
            longB[i] = 2;
        }
        assertThat(SIMD.dot(longA, longB)).isEqualTo(1560f); // 2 * (0 + ... + 39), exact in float
    }

    @Test
    void shouldRejectVectorsOfDifferentLengths() {
        assertThatThrownBy(() -> Vectors.dot(new float[3], new float[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension mismatch: 3 vs 4");
    }

    private static void assertAgree(Random random, int length) {
        float[] a = Vectors.normalizeInPlace(randomVector(random, length));
        float[] b = Vectors.normalizeInPlace(randomVector(random, length));
        assertThat(SIMD.dot(a, b)).as("length %d", length).isCloseTo(DotProduct.SCALAR.dot(a, b), within(1e-5f));
        assertThat(SIMD.dot(a, a)).as("|a|^2, length %d", length).isCloseTo(length == 0 ? 0f : 1f, within(1e-5f));
    }

    private static float[] randomVector(Random random, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
