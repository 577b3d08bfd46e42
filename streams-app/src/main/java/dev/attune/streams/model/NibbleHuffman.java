package dev.attune.streams.model;

import java.nio.ByteBuffer;

/**
 * A fixed canonical Huffman code for the {@link Quantizer}'s 4-bit codes (two a byte, the even component in the low
 * nibble), so that a stored 4-bit vector costs about 3.3 bits a component instead of 4, losslessly.
 *
 * <p>Why it pays: the quantiser scales a vector so that its largest component is code ±7, and a 384-d unit vector's
 * components are roughly normal, so most codes are small. Measured over the 4,869 interest centroids of the 610
 * MovieLens users (bench/RESULTS.md, 2026-12-02 evening): 0 is 17.7% of codes, ±1 32%, ±2 24%, ±3 14.5%, ±4 7.4%,
 * ±5 3.2%, ±6 1.2%, ±7 0.5%; an entropy of 3.24 bits. These code lengths (0: 2 bits, ±1 and ±2: 3, ±3: 4, ±4: 5,
 * ±5: 6, ±6: 7, ±7 and -8: 8) average 3.28 bits there, 34 bytes less per 384-d vector. The table is fixed (not
 * per vector: a vector's own table would cost more to store than it saves); a vector it fits badly is stored plain
 * by its caller ({@link #encodedBytes} tells which is smaller). Every code has a length, so any codes encode.
 *
 * <p>Bits are written most significant first ({@link BitWriter}), a vector's last byte padded with zero bits.
 */
public final class NibbleHuffman {

    /** Code length in bits of each 4-bit code, indexed by its nibble (0..7, then -8..-1 as 8..15). */
    private static final int[] LENGTH = {2, 3, 3, 4, 5, 6, 7, 8, 8, 8, 7, 6, 5, 4, 3, 3};
    private static final int MAX_LENGTH = 8;
    private static final int[] CODE = new int[16];
    /** By a byte of two codes: the low nibble's code then the high one's, and their length (≤ 16 bits). */
    private static final int[] PAIR_CODE = new int[256];
    private static final int[] PAIR_LENGTH = new int[256];
    /** By the next {@value #MAX_LENGTH} bits: (nibble << 4) | length of the code they start with; 0 for none. */
    private static final int[] DECODE = new int[1 << MAX_LENGTH];
    private static final int WINDOW = 12;
    private static final int MAX_RUN = 4;
    /**
     * By the next {@value #WINDOW} bits: the codes that lie wholly within them, up to {@value #MAX_RUN}: their nibbles
     * (4 bits each, first lowest), their count (bits 16-18) and total length (bits 20-23). Decoding reads about three
     * codes a lookup (they average 3.3 bits), in a table that fits in L1 (16 KB).
     */
    private static final int[] DECODE_RUN = new int[1 << WINDOW];

    static {
        // canonical: codes of one length are consecutive, in nibble order, shorter lengths first
        int code = 0;
        for (int length = 1; length <= MAX_LENGTH; length++) {
            for (int nibble = 0; nibble < 16; nibble++) {
                if (LENGTH[nibble] == length) {
                    CODE[nibble] = code;
                    int first = code << (MAX_LENGTH - length);
                    for (int i = 0; i < 1 << (MAX_LENGTH - length); i++) {
                        DECODE[first + i] = nibble << 4 | length;
                    }
                    code++;
                }
            }
            code <<= 1;
        }
        for (int b = 0; b < 256; b++) {
            int low = b & 0xF;
            int high = b >>> 4;
            PAIR_CODE[b] = CODE[low] << LENGTH[high] | CODE[high];
            PAIR_LENGTH[b] = LENGTH[low] + LENGTH[high];
        }
        for (int window = 0; window < 1 << WINDOW; window++) {
            int used = 0;
            int count = 0;
            int nibbles = 0;
            while (count < MAX_RUN) {
                int entry = DECODE[(window << used >>> (WINDOW - MAX_LENGTH)) & 0xFF];
                int length = entry & 0xF;
                if (length == 0 || used + length > WINDOW) {
                    break;
                }
                nibbles |= (entry >>> 4) << (4 * count++);
                used += length;
            }
            DECODE_RUN[window] = nibbles | count << 16 | used << 20;
        }
    }

    private NibbleHuffman() {
    }

    /** Bytes {@link #encode} writes for these packed codes (all of {@code codes}' remaining bytes). */
    public static int encodedBytes(ByteBuffer codes) {
        int bits = 0;
        for (int i = codes.position(); i < codes.limit(); i++) {
            bits += PAIR_LENGTH[codes.get(i) & 0xFF];
        }
        return (bits + 7) >>> 3;
    }

    /**
     * Writes the codes of {@code codes}' remaining bytes (two a byte) into {@code out}, which has room for them
     * ({@link #encodedBytes}); leaves {@code codes} as is.
     */
    public static void encode(ByteBuffer codes, ByteBuffer out) {
        BitWriter bits = new BitWriter(out);
        for (int i = codes.position(); i < codes.limit(); i++) {
            int pair = codes.get(i) & 0xFF;
            bits.write(PAIR_CODE[pair], PAIR_LENGTH[pair]);
        }
        bits.flush();
    }

    /**
     * Reads {@code components} codes (even) from {@code in}'s position, which it leaves after their last byte; returns
     * them packed two a byte, as {@link Quantizer} keeps them.
     *
     * @throws IllegalArgumentException when the bytes end early or hold a bit pattern that is no code
     */
    public static byte[] decode(ByteBuffer in, int components) {
        if (components < 0 || components % 2 != 0) {
            throw new IllegalArgumentException("a 4-bit vector has an even number of components, got " + components);
        }
        byte[] packed = new byte[components / 2];
        BitReader bits = new BitReader(in, "4-bit codes");
        long decoded = 0; // codes decoded and not yet stored, the first lowest (a nibble each)
        int pending = 0; // how many
        int n = 0; // codes decoded
        int b = 0; // bytes stored
        // runs of codes while a whole run is wanted and its bits are real, then one code at a time
        while (n + MAX_RUN <= components) {
            int run = DECODE_RUN[bits.peek(WINDOW)];
            int length = run >>> 20;
            if (length == 0 || length > bits.available()) {
                break; // no code, or past the end: the single-code loop says which
            }
            int count = (run >>> 16) & 0xF;
            decoded |= (long) (run & 0xFFFF) << (4 * pending); // the nibbles past count are 0
            pending += count;
            n += count;
            bits.skip(length);
            if (pending >= 8) { // four bytes' worth
                packed[b] = (byte) decoded;
                packed[b + 1] = (byte) (decoded >>> 8);
                packed[b + 2] = (byte) (decoded >>> 16);
                packed[b + 3] = (byte) (decoded >>> 24);
                b += 4;
                decoded >>>= 32;
                pending -= 8;
            }
        }
        for (; n < components; n++) {
            int entry = DECODE[bits.peek(MAX_LENGTH)];
            int length = entry & 0xF;
            if (length == 0 || length > bits.available()) {
                throw new IllegalArgumentException("4-bit codes end early or are corrupt at component " + n + " of "
                        + components);
            }
            decoded |= (long) (entry >>> 4) << (4 * pending++);
            bits.skip(length);
        }
        for (; pending > 0; pending -= 2) { // an even count is left: whole bytes
            packed[b++] = (byte) decoded;
            decoded >>>= 8;
        }
        bits.release(); // the buffer after the codes' last byte
        return packed;
    }
}
