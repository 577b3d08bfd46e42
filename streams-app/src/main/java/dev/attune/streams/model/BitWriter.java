package dev.attune.streams.model;

import java.nio.ByteBuffer;

/**
 * Bits into a buffer, most significant first, a long at a time; {@link #flush} pads the last byte with zero bits. The
 * stored bit streams of {@link FingerprintSeenFilter} (Rice codes) and {@link NibbleHuffman} (Huffman codes).
 */
final class BitWriter {
    private final ByteBuffer out;
    /** Bits not written yet, from the top; {@code used} of them. */
    private long bits;
    private int used;

    BitWriter(ByteBuffer out) {
        this.out = out;
    }

    /** {@code value} Rice-coded with parameter {@code k}: its quotient in unary, a zero, its low k bits. */
    void rice(long value, int k) {
        long quotient = value >>> k;
        long low = value & ((1L << k) - 1);
        if (quotient + 1 + k <= 63) { // one write for the whole code (nearly always)
            write(((1L << quotient) - 1) << (k + 1) | low, (int) quotient + 1 + k);
            return;
        }
        for (; quotient >= 32; quotient -= 32) {
            write(0xffffffffL, 32);
        }
        write((1L << quotient) - 1, (int) quotient);
        write(low, k + 1);
    }

    /** The low {@code n} (1 to 63) bits of {@code value}, which has no bits above them. */
    void write(long value, int n) {
        int free = 64 - used;
        if (n < free) {
            bits |= value << (free - n);
            used += n;
            return;
        }
        out.putLong(bits | value >>> (n - free));
        used = n - free;
        bits = used == 0 ? 0 : value << (64 - used);
    }

    /** Writes the bits not written yet, the last byte padded with zeros. */
    void flush() {
        for (int b = 0; b < used; b += 8) {
            out.put((byte) (bits >>> (56 - b)));
        }
        used = 0;
    }
}
