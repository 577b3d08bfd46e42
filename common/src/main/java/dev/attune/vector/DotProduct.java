package dev.attune.vector;

/**
 * One way of computing a dot product of two float vectors of equal length (the caller checks the lengths).
 * {@link Vectors#dot} uses the fastest one this JVM can run: {@link SimdDotProduct} when the JDK's vector module
 * was added at start-up, else {@link #SCALAR}.
 */
interface DotProduct {

    float dot(float[] a, float[] b);

    /** The dot product of {@code a} and the {@code a.length} codes of {@code b} from {@code offset}: exact (an int). */
    int dot(byte[] a, byte[] b, int offset);

    /** What this implementation is, for the start-up log. */
    String describe();

    /** Plain Java: four independent accumulators, since a single running sum is bound by the latency of each add. */
    DotProduct SCALAR = new DotProduct() {
        @Override
        public float dot(float[] a, float[] b) {
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

        @Override
        public int dot(byte[] a, byte[] b, int offset) {
            int sum = 0;
            for (int i = 0; i < a.length; i++) {
                sum += a[i] * b[offset + i];
            }
            return sum;
        }

        @Override
        public String describe() {
            return "scalar (start the JVM with --add-modules jdk.incubator.vector for SIMD)";
        }
    };
}
