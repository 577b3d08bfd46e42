package dev.attune.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dot product in the CPU's widest vector registers, through the JDK's vector API (an incubator module in JDK 17:
 * only loadable when the JVM was started with {@code --add-modules jdk.incubator.vector}; {@link Vectors} checks that
 * before touching this class). About 4x the scalar loop at 384 dimensions on AVX2 (bench/RESULTS.md, 2026-12-01):
 * the dot products of a refresh's scoring and diversification were a quarter of the stream threads' time.
 *
 * <p>Multiply and add, not {@code fma}: where the CPU has no fused multiply-add the vector API emulates it lane by
 * lane, far slower than the scalar loop. The sum's order differs from {@link DotProduct#SCALAR}'s, so the two agree
 * to float rounding, not bit for bit; it is fixed ({@link #lanes()} lane sums over blocks of two vectors, then the
 * lanes in order), so a result does not depend on whether the JIT compiled the caller yet.
 */
final class SimdDotProduct implements DotProduct {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Four float lanes: the lane sums are read a 128-bit part at a time. */
    private static final VectorSpecies<Float> QUARTER = FloatVector.SPECIES_128;
    private static final int QUARTER_LANES = QUARTER.length();

    @Override
    public float dot(float[] a, float[] b) {
        int lanes = SPECIES.length();
        // two accumulators: one add's latency no longer bounds each step
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = a.length - a.length % (2 * lanes); i < bound; i += 2 * lanes) {
            acc0 = FloatVector.fromArray(SPECIES, a, i).mul(FloatVector.fromArray(SPECIES, b, i)).add(acc0);
            acc1 = FloatVector.fromArray(SPECIES, a, i + lanes).mul(FloatVector.fromArray(SPECIES, b, i + lanes))
                    .add(acc1);
        }
        // lane by lane in a fixed order, not reduceLanes(ADD), whose order the vector API leaves unspecified for floats
        // (compiled code may sum in another order than the interpreter): a task replaying its input after a crash,
        // on a cold JIT, must compute the same bits as before.
        FloatVector acc = acc0.add(acc1);
        float sum = 0f;
        if (lanes % QUARTER_LANES == 0) {
            // in that order, a 128-bit part at a time at constant lanes: reading lane i of a whole 512-bit register
            // in a loop cost a third of a dot at 384 dimensions (46-56 ns a dot, 35-42 this way, same bits, on
            // AVX-512; bench/RESULTS.md, 2026-12-01 evening)
            for (int part = 0; part < lanes / QUARTER_LANES; part++) {
                FloatVector quarter = (FloatVector) acc.reinterpretShape(QUARTER, part);
                sum += quarter.lane(0);
                sum += quarter.lane(1);
                sum += quarter.lane(2);
                sum += quarter.lane(3);
            }
        } else {
            for (int lane = 0; lane < lanes; lane++) {
                sum += acc.lane(lane);
            }
        }
        for (; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Floats per vector register: the lane sums' count. */
    static int lanes() {
        return SPECIES.length();
    }

    @Override
    public String describe() {
        return "SIMD, " + SPECIES.vectorBitSize() + "-bit (jdk.incubator.vector)";
    }
}
