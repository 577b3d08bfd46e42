package dev.attune.streams.model;

import dev.attune.schema.QuantizedVector;
import dev.attune.vector.Vectors;
import java.nio.ByteBuffer;

/**
 * Symmetric quantisation of unit vectors: one scale (max |component| / max code) and one signed code
 * per component.
 * <ul>
 *   <li>8 bits: a 384-d vector costs 388 bytes instead of 1,536 as floats, with a cosine error around
 *       1e-4, far below the differences the interest model acts on. An option for interest centroids, which
 *       move by small steps: coarser codes round more of those steps away.</li>
 *   <li>6 bits (dimensions divisible by 4; others fall back to 8), four codes in three bytes: 292 bytes,
 *       cosine error around 2e-3. An option for interest centroids ({@code interest.centroid.bits}):
 *       a step four times coarser than 8 bits stops a strong interest from moving sooner.</li>
 *   <li>4 bits (even dimensions only; odd ones fall back to 8): 196 bytes, cosine to the original about
 *       0.99. Used for negative signals, which only gate a penalty above a similarity floor, and by default
 *       for interest centroids (the offline quality harness measured them the same as 6 bits).</li>
 * </ul>
 */
public final class Quantizer {

    private static final float MAX_CODE_8 = 127f;

    private Quantizer() {
    }

    /**
     * A vector decoded from stored codes. Saved while the state still holds that very array (the model replaces a
     * centroid it moves with a new one), it is written with the same codes: no re-quantisation, and no rounding
     * drift of vectors an event did not move.
     */
    public record Decoded(QuantizedVector codes, float[] vector) {
    }

    /** Decodes {@code q}, keeping the codes with the vector ({@link #encode(float[], int, Decoded)}). */
    public static Decoded decodeKeepingCodes(QuantizedVector q) {
        return new Decoded(q, decode(q));
    }

    /** {@code from}'s codes when {@code v} is still the vector decoded from them and they have the width asked for; else {@code v} encoded. */
    public static QuantizedVector encode(float[] v, int bits, Decoded from) {
        if (from != null && from.vector() == v && from.codes().getBits() == widthFor(bits, v.length)) {
            return from.codes();
        }
        return encode(v, bits);
    }

    /** The code width {@link #encode(float[], int)} uses for {@code bits} at dimension {@code dimension}. */
    static int widthFor(int bits, int dimension) {
        return bits == 4 && dimension % 2 != 0 || bits == 6 && dimension % 4 != 0 ? 8 : bits;
    }

    /** 8-bit codes. */
    public static QuantizedVector encode(float[] v) {
        return encode(v, 8);
    }

    /**
     * {@code bits} 8, 6 (four codes in three bytes; a dimension not divisible by 4 gets 8 bits) or 4 (two per
     * byte; an odd dimension gets 8 bits).
     */
    public static QuantizedVector encode(float[] v, int bits) {
        if (bits != 8 && bits != 6 && bits != 4) {
            throw new IllegalArgumentException("bits must be 8, 6 or 4, got " + bits);
        }
        bits = widthFor(bits, v.length);
        if (bits == 8) {
            byte[] codes = new byte[v.length];
            float scale = encode8(v, codes, 0);
            return new QuantizedVector(scale, ByteBuffer.wrap(codes), bits);
        }
        float scale = scale(v, (1 << (bits - 1)) - 1);
        byte[] codes;
        if (bits == 6) {
            codes = new byte[v.length / 4 * 3];
            for (int i = 0, b = 0; i < v.length; i += 4, b += 3) {
                int packed = 0;
                for (int k = 0; k < 4; k++) {
                    packed |= (Math.round(v[i + k] / scale) & 0x3F) << (6 * k);
                }
                codes[b] = (byte) packed;
                codes[b + 1] = (byte) (packed >> 8);
                codes[b + 2] = (byte) (packed >> 16);
            }
        } else {
            codes = new byte[v.length / 2];
            for (int i = 0; i < codes.length; i++) {
                int low = Math.round(v[2 * i] / scale) & 0xF;
                int high = Math.round(v[2 * i + 1] / scale) & 0xF;
                codes[i] = (byte) (low | high << 4);
            }
        }
        return new QuantizedVector(scale, ByteBuffer.wrap(codes), bits);
    }

    /**
     * The 8-bit codes of {@code v} written into {@code codes} from {@code offset}, as {@link #encode(float[])} makes
     * them; returns their scale. For callers that keep many vectors' codes in one array.
     */
    public static float encode8(float[] v, byte[] codes, int offset) {
        float scale = scale8(v);
        for (int i = 0; i < v.length; i++) {
            codes[offset + i] = code8(v[i], scale);
        }
        return scale;
    }

    /** The scale of {@code v}'s 8-bit codes ({@link #encode8}). */
    public static float scale8(float[] v) {
        return scale(v, MAX_CODE_8);
    }

    /** One component's 8-bit code at {@code scale} ({@link #scale8}): for callers that need the codes one at a time. */
    public static byte code8(float x, float scale) {
        return (byte) Math.round(x / scale);
    }

    /** max |component| / max code (1 for a zero vector). */
    private static float scale(float[] v, float maxCode) {
        float maxAbs = 0f;
        for (float x : v) {
            maxAbs = Math.max(maxAbs, Math.abs(x));
        }
        return maxAbs == 0f ? 1f : maxAbs / maxCode;
    }

    /** The decoded vector, renormalised to unit length so that dot products stay cosines. */
    public static float[] decode(QuantizedVector q) {
        ByteBuffer buffer = q.getCodes();
        byte[] codes;
        int at;
        int length = buffer.remaining();
        // Indexing the array (Avro's heap buffers) rather than get() per code: a click decodes all of its user's
        // centroids and negative signals (with Vectors.norm's four sums, 620 -> 490 ns per 384-d vector).
        if (buffer.hasArray()) {
            codes = buffer.array();
            at = buffer.arrayOffset() + buffer.position();
        } else {
            codes = new byte[length];
            buffer.duplicate().get(codes);
            at = 0;
        }
        float scale = q.getScale();
        float[] v;
        if (q.getBits() == 4) {
            v = new float[length * 2];
            for (int i = 0; i < length; i++) {
                byte b = codes[at + i];
                v[2 * i] = ((b << 28) >> 28) * scale; // sign-extend the low nibble
                v[2 * i + 1] = (b >> 4) * scale; // arithmetic shift sign-extends the high one
            }
        } else if (q.getBits() == 6) {
            v = new float[length / 3 * 4];
            for (int i = 0, b = at; i < v.length; i += 4, b += 3) {
                int packed = (codes[b] & 0xFF) | (codes[b + 1] & 0xFF) << 8 | (codes[b + 2] & 0xFF) << 16;
                for (int k = 0; k < 4; k++) {
                    v[i + k] = ((packed >> (6 * k)) << 26 >> 26) * scale; // sign-extend code k
                }
            }
        } else if (q.getBits() == 8) {
            v = new float[length];
            for (int i = 0; i < length; i++) {
                v[i] = codes[at + i] * scale;
            }
        } else {
            throw new IllegalArgumentException("unsupported code width: " + q.getBits() + " bits");
        }
        return Vectors.normalizeInPlace(v);
    }
}
