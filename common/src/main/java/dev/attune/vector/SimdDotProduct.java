package dev.attune.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
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
    /**
     * Codes are widened before they are multiplied (a byte product overflows): bytes in half a register, their
     * products in shorts in a whole one, summed in ints in two. The JDK's vector module has no narrower shape than 64
     * bits, so a CPU whose widest registers are 64 bits takes the scalar loop.
     */
    private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BYTES = SHORTS.vectorBitSize() >= 128
            ? ByteVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(SHORTS.vectorBitSize() / 2)) : null;

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

    /** Integer sums are exact, so unlike {@link #dot(float[], float[])}'s their order does not matter. */
    @Override
    public int dot(byte[] a, byte[] b, int offset) {
        if (BYTES == null) {
            return DotProduct.SCALAR.dot(a, b, offset);
        }
        int lanes = BYTES.length();
        IntVector acc0 = IntVector.zero(INTS);
        IntVector acc1 = IntVector.zero(INTS);
        int i = 0;
        for (int bound = a.length - a.length % lanes; i < bound; i += lanes) {
            ShortVector x = (ShortVector) ByteVector.fromArray(BYTES, a, i).convertShape(VectorOperators.B2S, SHORTS, 0);
            ShortVector y = (ShortVector) ByteVector.fromArray(BYTES, b, offset + i)
                    .convertShape(VectorOperators.B2S, SHORTS, 0);
            ShortVector products = x.mul(y); // |code| <= 127: a product fits a short
            acc0 = acc0.add(products.convertShape(VectorOperators.S2I, INTS, 0));
            acc1 = acc1.add(products.convertShape(VectorOperators.S2I, INTS, 1));
        }
        int sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < a.length; i++) {
            sum += a[i] * b[offset + i];
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
