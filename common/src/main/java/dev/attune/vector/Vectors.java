package dev.attune.vector;

/**
 * The similarity contract, written down once: every vector Attune stores or sends is
 * L2-normalised, so cosine similarity is the dot product and lies in [-1, 1].
 */
public final class Vectors {

    /** Tolerance on |v| = 1 for a vector received from outside. */
    public static final float UNIT_TOLERANCE = 1e-3f;

    private static final DotProduct DOT = fastestDotProduct();

    private Vectors() {
    }

    /**
     * SIMD when the JVM has the vector module (an incubator in JDK 17, so not there unless started with
     * {@code --add-modules jdk.incubator.vector}, as every launcher here does); {@link SimdDotProduct} is only loaded
     * then, since loading it without the module fails.
     */
    static DotProduct fastestDotProduct() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return DotProduct.SCALAR;
        }
        try {
            return new SimdDotProduct();
        } catch (LinkageError e) {
            return DotProduct.SCALAR; // the module's classes could not be linked after all: stay correct, slower
        }
    }

    public static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimension mismatch: " + a.length + " vs " + b.length);
        }
        return DOT.dot(a, b);
    }

    /**
     * The dot product of 8-bit codes: {@code a} with the {@code a.length} codes of {@code b} from {@code offset}, so
     * that many vectors' codes can lie in one array. Codes are in [-127, 127] (a -128 product could overflow a short
     * lane); the sum is exact.
     */
    public static int dot(byte[] a, byte[] b, int offset) {
        if (offset < 0 || offset > b.length - a.length) {
            throw new IndexOutOfBoundsException("codes " + offset + ".." + (offset + a.length) + " of " + b.length);
        }
        return DOT.dot(a, b, offset);
    }

    /** How {@link #dot} computes, for a service's start-up log: SIMD, or scalar and how to get SIMD. */
    public static String dotImplementation() {
        return DOT.describe();
    }

    public static float norm(float[] v) {
        // Four running sums: one sum is a chain of dependent additions, each waiting for the last (a click
        // normalises every centroid it decodes). Summed in double, the order moves the float result only when
        // the sum lies within a double's rounding of a float's rounding boundary (decoded centroids came out
        // bit-identical to the single sum's).
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < v.length; i += 4) {
            s0 += (double) v[i] * v[i];
            s1 += (double) v[i + 1] * v[i + 1];
            s2 += (double) v[i + 2] * v[i + 2];
            s3 += (double) v[i + 3] * v[i + 3];
        }
        for (; i < v.length; i++) {
            s0 += (double) v[i] * v[i];
        }
        return (float) Math.sqrt(s0 + s1 + s2 + s3);
    }

    /** {@code v} scaled to unit length, in place; a zero vector is left as it is. Returns {@code v}. */
    public static float[] normalizeInPlace(float[] v) {
        float n = norm(v);
        if (n > 0f) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= n;
            }
        }
        return v;
    }

    /** Null when every component is finite, else a description of the first one that is not. */
    public static String firstNonFinite(float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                return "component " + i + " is " + v[i];
            }
        }
        return null;
    }
}
