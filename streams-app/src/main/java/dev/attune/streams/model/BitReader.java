package dev.attune.streams.model;

import java.nio.ByteBuffer;

/**
 * Bits from a buffer, most significant first, as {@link BitWriter} writes them: read ahead a byte at a time into a
 * 64-bit window ({@link #release} gives back the whole bytes read ahead).
 */
final class BitReader {
    private final ByteBuffer in;
    /** What the bits are, for the error when they end early. */
    private final String what;
    /** The next {@code available} bits, at the top; zeros below. */
    private long window;
    private int available;

    BitReader(ByteBuffer in, String what) {
        this.in = in;
        this.what = what;
    }

    /** The next Rice-coded value with parameter {@code k} (at most 32). */
    long rice(int k) {
        fill();
        int run = Long.numberOfLeadingZeros(~window);
        if (run + 1 + k <= available) { // the whole code is in the window (nearly always)
            long low = k == 0 ? 0 : (window << (run + 1)) >>> (64 - k);
            window <<= run + 1 + k;
            available -= run + 1 + k;
            return ((long) run << k) | low;
        }
        long quotient = unary();
        return (quotient << k) | read(k);
    }

    /**
     * The next {@code n} (1 to 56) bits, not consumed, zeros past the end of the buffer: {@link #available} says how
     * many of them are real.
     */
    int peek(int n) {
        fill();
        return (int) (window >>> (64 - n));
    }

    /** How many bits the window holds (at least 57, or all that are left, after {@link #peek}). */
    int available() {
        return available;
    }

    /** Consumes {@code n} bits of those {@link #available}. */
    void skip(int n) {
        window <<= n;
        available -= n;
    }

    /** Leaves the buffer after the last byte a consumed bit came from: whole bytes read ahead go back. */
    void release() {
        in.position(in.position() - available / 8);
        window = 0;
        available = 0;
    }

    private long read(int n) {
        if (n == 0) {
            return 0;
        }
        fill();
        if (available < n) {
            throw new IllegalArgumentException(what + " ends early");
        }
        long value = window >>> (64 - n);
        window <<= n;
        available -= n;
        return value;
    }

    private long unary() {
        long ones = 0;
        while (true) {
            fill();
            if (available == 0) {
                throw new IllegalArgumentException(what + " ends early");
            }
            int run = Long.numberOfLeadingZeros(~window);
            if (run < available) {
                window <<= run + 1;
                available -= run + 1;
                return ones + run;
            }
            ones += available;
            window = 0;
            available = 0;
        }
    }

    private void fill() {
        while (available <= 56 && in.hasRemaining()) {
            window |= (in.get() & 0xffL) << (56 - available);
            available += 8;
        }
    }
}
