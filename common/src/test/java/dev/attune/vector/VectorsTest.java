package dev.attune.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
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
    void shouldSumInOneFixedOrderBeforeAndAfterTheJitCompilesIt() {
        // the same inputs must give the same bits whether interpreted or compiled (a replay after a crash recomputes
        // updates on a cold JIT): the result equals, bit for bit, the documented order emulated in scalar code, over
        // enough calls that the JIT compiles the SIMD loop on the way
        Random random = new Random(5);
        float[][] vectors = new float[64][];
        for (int v = 0; v < vectors.length; v++) {
            vectors[v] = Vectors.normalizeInPlace(randomVector(random, 384 + v % 7));
        }
        for (int call = 0; call < 40_000; call++) {
            float[] a = vectors[call % vectors.length];
            float[] b = vectors[(call * 7 + 3) % vectors.length];
            if (a.length != b.length) {
                continue;
            }
            assertThat(SIMD.dot(a, b)).as("call %d", call).isEqualTo(inDocumentedOrder(a, b));
        }
    }

    /** SimdDotProduct's order in scalar code: lane sums over blocks of two registers, lanes in order, the tail. */
    private static float inDocumentedOrder(float[] a, float[] b) {
        int lanes = SimdDotProduct.lanes();
        float[] acc0 = new float[lanes];
        float[] acc1 = new float[lanes];
        int i = 0;
        for (int bound = a.length - a.length % (2 * lanes); i < bound; i += 2 * lanes) {
            for (int l = 0; l < lanes; l++) {
                acc0[l] = a[i + l] * b[i + l] + acc0[l];
                acc1[l] = a[i + lanes + l] * b[i + lanes + l] + acc1[l];
            }
        }
        float sum = 0f;
        for (int l = 0; l < lanes; l++) {
            sum += acc0[l] + acc1[l];
        }
        for (; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
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
    void shouldComputeTheNormOfEveryLengthAroundItsFourRunningSums() {
        assertThat(Vectors.norm(new float[] {3, 4})).isEqualTo(5f);
        assertThat(Vectors.norm(new float[0])).isZero();
        Random random = new Random(7);
        for (int length = 1; length <= 13; length++) {
            float[] v = new float[length];
            double sum = 0;
            for (int i = 0; i < length; i++) {
                v[i] = (float) random.nextGaussian();
                sum += (double) v[i] * v[i];
            }
            assertThat(Vectors.norm(v)).as("length %d", length).isCloseTo((float) Math.sqrt(sum), within(1e-6f));
        }
    }

    @Test
    void shouldComputeCodeDotProductsExactlyAtEveryLengthAndOffset() {
        // the extremes too: 127 * 127 and -127 * 127 in every lane, summed over 768 codes, must not wrap a short
        Random random = new Random(11);
        for (int length = 0; length <= 70; length++) {
            assertCodesAgree(random, length, random.nextInt(5));
        }
        for (int length : new int[] {384, 768}) {
            assertCodesAgree(random, length, 3);
            byte[] high = new byte[length];
            Arrays.fill(high, (byte) 127);
            byte[] low = new byte[length];
            Arrays.fill(low, (byte) -127);
            assertThat(SIMD.dot(high, high, 0)).isEqualTo(length * 127 * 127);
            assertThat(SIMD.dot(high, low, 0)).isEqualTo(-length * 127 * 127);
        }
    }

    @Test
    void shouldRejectCodesPastTheEndOfTheArray() {
        assertThatThrownBy(() -> Vectors.dot(new byte[4], new byte[10], 7))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("codes 7..11 of 10");
        assertThat(Vectors.dot(new byte[] {1, 2}, new byte[] {9, 3, 4}, 1)).isEqualTo(11);
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

    private static void assertCodesAgree(Random random, int length, int offset) {
        byte[] a = new byte[length];
        byte[] b = new byte[offset + length];
        for (int i = 0; i < length; i++) {
            a[i] = (byte) (random.nextInt(255) - 127);
            b[offset + i] = (byte) (random.nextInt(255) - 127);
        }
        int expected = 0;
        for (int i = 0; i < length; i++) {
            expected += a[i] * b[offset + i];
        }
        assertThat(SIMD.dot(a, b, offset)).as("length %d at %d", length, offset).isEqualTo(expected);
        assertThat(DotProduct.SCALAR.dot(a, b, offset)).as("scalar, length %d", length).isEqualTo(expected);
    }

    private static float[] randomVector(Random random, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
