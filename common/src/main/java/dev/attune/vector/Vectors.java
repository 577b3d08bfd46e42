package dev.attune.vector;

/**
 * The similarity contract, written down once: every vector Attune stores or sends is
 * L2-normalised, so cosine similarity is the dot product and lies in [-1, 1].
 */
public final class Vectors {

    /** Tolerance on |v| = 1 for a vector received from outside. */
    public static final float UNIT_TOLERANCE = 1e-3f;

    private Vectors() {
    }

    public static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimension mismatch: " + a.length + " vs " + b.length);
        }
        // four independent accumulators: a single running sum is bound by the latency of each add
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (int bound = a.length & ~3; i < bound; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    public static float norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return (float) Math.sqrt(sum);
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
