package dev.attune.streams.model;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Version 3 of the {@link SeenFilter}: each item as a fingerprint, the top bits of its {@link #hash}, stored sorted as
 * Golomb-Rice coded gaps (a Golomb-coded set, as in BIP 158's block filters). It grows as the Bloom filter of versions
 * 1 and 2 does, in segments where segment i takes up to {@code 64 << i} items, but with fingerprints of
 * {@code log2(64 << i) + 9} bits: a full segment claims an unseen item with probability 2^-9 (0.2%; a Bloom segment
 * 0.3%), and the filter's rate is the sum over its segments. The widths grow with the segments because a fingerprint
 * can never be widened (its item is not known). Stored, an item takes about 10.6 bits in a full segment, up to 2 more
 * in one that has just opened; a Bloom segment takes 12 bits a slot of its capacity, used or not, so a MovieLens user
 * who rated 613 items is 0.8 KB here and 1.5 KB there.
 * <p>
 * In memory every fingerprint is a long, left-aligned, with its width in the low 6 bits, in one array sorted as
 * unsigned numbers; a table of where each run of leading bits starts finds an item's candidates (about one) without a
 * search. The array is built when the filter is read, the table when it is first asked; the bytes it was read from
 * are written back while nothing was added.
 * <p>
 * Stored form: the version (3); the number of segments; per segment its item count (unsigned LEB128 varint) and its
 * Rice parameter k (a byte); then one bit stream, most significant bit of each byte first, zero-padded to a byte: per
 * segment, per fingerprint in ascending order, its difference from the segment's previous one (from 0 for the first)
 * as the quotient {@code gap >>> k} in unary (that many ones, then a zero) and the low k bits.
 */
final class FingerprintSeenFilter extends SeenFilter {

    /** Bits a fingerprint has beyond log2 of its segment's capacity: 2^-9 false positives per full segment. */
    static final int EXTRA_BITS = 9;
    private static final int BASE_CAPACITY_BITS = 6;
    /** Past 64 * (2^16 - 1) items the last segment keeps filling and its false-positive rate grows. */
    private static final int MAX_SEGMENTS = 16;
    private static final int WIDTH_MASK = 63;
    /** The narrowest fingerprint (segment 0's): the most leading bits every fingerprint can be looked up by. */
    private static final int MAX_LOOKUP_BITS = BASE_CAPACITY_BITS + EXTRA_BITS;
    private static final long[] NONE = new long[0];

    private final int[] counts = new int[MAX_SEGMENTS];
    private int segments;
    /** Each fingerprint left-aligned, its width in the low bits; unsigned ascending; {@code size} of them used. */
    private long[] entries = NONE;
    private int size;
    /** Entries whose top {@code lookupBits} bits are b lie in [starts[b], starts[b + 1]); null until built. */
    private int[] starts;
    private int lookupBits;
    /** The bytes this filter was read from, while nothing was added since; else null. */
    private byte[] stored;

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean mightContainHashed(long itemHash) {
        if (size == 0) {
            return false;
        }
        int[] at = starts == null ? index() : starts;
        int b = (int) (itemHash >>> (64 - lookupBits));
        for (int k = at[b], end = at[b + 1]; k < end; k++) {
            long e = entries[k];
            if (((itemHash ^ e) >>> (64 - (int) (e & WIDTH_MASK))) == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void add(String itemId) {
        long h = hash(itemId);
        if (mightContainHashed(h)) {
            return;
        }
        int last = segments - 1;
        if (last < 0 || (counts[last] >= capacity(last) && segments < MAX_SEGMENTS)) {
            last = segments++;
        }
        int width = width(last);
        insert(h >>> (64 - width) << (64 - width) | width);
        counts[last]++;
    }

    private void insert(long entry) {
        int at = size;
        int low = 0;
        while (low < at) {
            int mid = (low + at) >>> 1;
            if (Long.compareUnsigned(entries[mid], entry) < 0) {
                low = mid + 1;
            } else {
                at = mid;
            }
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, Math.max(16, size + (size >> 1)));
        }
        System.arraycopy(entries, at, entries, at + 1, size - at);
        entries[at] = entry;
        size++;
        if (starts != null && lookupBits(size) == lookupBits) { // the runs after the new entry's start one later
            for (int b = (int) (entry >>> (64 - lookupBits)) + 1; b < starts.length; b++) {
                starts[b]++;
            }
        } else {
            starts = null; // rebuilt with runs of about one entry when next asked
        }
        stored = null;
    }

    /** ceil(log2(n)) leading bits: runs of about one entry. */
    private static int lookupBits(int n) {
        return Math.max(1, Math.min(MAX_LOOKUP_BITS, 64 - Long.numberOfLeadingZeros(n - 1)));
    }

    private int[] index() {
        lookupBits = lookupBits(size);
        int[] at = new int[(1 << lookupBits) + 1];
        for (int k = 0; k < size; k++) {
            at[(int) (entries[k] >>> (64 - lookupBits)) + 1]++;
        }
        for (int b = 1; b < at.length; b++) {
            at[b] += at[b - 1];
        }
        starts = at;
        return at;
    }

    @Override
    public byte[] encode() {
        if (stored != null) {
            return stored.clone();
        }
        long[][] bySegment = fingerprintsBySegment();
        int[] riceBits = new int[segments];
        long streamBits = 0;
        for (int i = 0; i < segments; i++) {
            RiceCode code = cheapestRiceCode(bySegment[i], counts[i]);
            riceBits[i] = code.riceBits();
            streamBits += code.bits();
        }
        ByteBuffer out = ByteBuffer.allocate(2 + segments * 6 + (int) ((streamBits + 7) / 8));
        out.put(V3).put((byte) segments);
        for (int i = 0; i < segments; i++) {
            putVarint(out, counts[i]);
            out.put((byte) riceBits[i]);
        }
        BitWriter bits = new BitWriter(out);
        for (int i = 0; i < segments; i++) {
            long previous = 0;
            for (int k = 0; k < counts[i]; k++) {
                long gap = bySegment[i][k] - previous;
                previous = bySegment[i][k];
                bits.rice(gap, riceBits[i]);
            }
        }
        bits.flush();
        return Arrays.copyOf(out.array(), out.position());
    }

    /** Each segment's fingerprints as numbers of its width, ascending (left-aligned order is numeric order). */
    private long[][] fingerprintsBySegment() {
        long[][] out = new long[segments][];
        int[] filled = new int[segments];
        for (int i = 0; i < segments; i++) {
            out[i] = new long[counts[i]];
        }
        for (int k = 0; k < size; k++) {
            int width = (int) (entries[k] & WIDTH_MASK);
            int segment = width - width(0);
            out[segment][filled[segment]++] = entries[k] >>> (64 - width);
        }
        return out;
    }

    /** A Rice parameter and the bits a segment's gaps take coded with it. */
    private record RiceCode(int riceBits, long bits) {
    }

    /**
     * The Rice parameter that codes these gaps in the fewest bits, and those bits: of the four from two below log2 of
     * their mean (the optimum for geometric gaps lies near log2(mean * ln 2)) to one above.
     */
    private static RiceCode cheapestRiceCode(long[] values, int n) {
        if (n == 0) {
            return new RiceCode(0, 0);
        }
        int lowest = Math.max(0, 61 - Long.numberOfLeadingZeros(Math.max(1, values[n - 1] / n)));
        long[] quotients = new long[4];
        long previous = 0;
        for (int k = 0; k < n; k++) {
            long gap = values[k] - previous;
            previous = values[k];
            for (int c = 0; c < 4; c++) {
                quotients[c] += gap >>> (lowest + c);
            }
        }
        int best = 0;
        for (int c = 1; c < 4; c++) {
            if (quotients[c] + (long) n * c < quotients[best] + (long) n * best) {
                best = c;
            }
        }
        // each gap: its quotient in unary, the closing zero and the low bits
        return new RiceCode(lowest + best, quotients[best] + (long) n * (lowest + best + 1));
    }

    /** A filter from the bytes after {@link #encode}'s version byte. */
    static FingerprintSeenFilter decodeAfterVersion(ByteBuffer in) {
        int start = in.position() - 1;
        FingerprintSeenFilter filter = new FingerprintSeenFilter();
        int segments = in.get();
        if (segments < 0 || segments > MAX_SEGMENTS) {
            throw new IllegalArgumentException("seen filter (version 3) with " + segments + " segments");
        }
        int[] riceBits = new int[segments];
        long total = 0;
        for (int i = 0; i < segments; i++) {
            filter.counts[i] = getVarint(in);
            riceBits[i] = in.get();
            total += filter.counts[i];
            if (riceBits[i] < 0 || riceBits[i] > width(i)) {
                throw new IllegalArgumentException("seen filter (version 3): Rice parameter " + riceBits[i]
                        + " in segment " + i);
            }
        }
        if (total > (long) in.remaining() * 8) { // a fingerprint takes at least a bit
            throw new IllegalArgumentException("seen filter (version 3) of " + total + " items in "
                    + in.remaining() + " bytes");
        }
        filter.segments = segments;
        BitReader bits = new BitReader(in, "seen filter (version 3)");
        long[] merged = NONE;
        for (int i = 0; i < segments; i++) {
            int width = width(i);
            long[] segment = new long[filter.counts[i]];
            long value = 0;
            for (int k = 0; k < segment.length; k++) {
                value += bits.rice(riceBits[i]);
                if (value >>> width != 0) {
                    throw new IllegalArgumentException("seen filter (version 3): a fingerprint wider than " + width
                            + " bits in segment " + i);
                }
                segment[k] = value << (64 - width) | width;
            }
            merged = merge(merged, segment);
        }
        filter.entries = merged;
        filter.size = merged.length;
        byte[] stored = new byte[in.limit() - start];
        in.get(start, stored);
        filter.stored = stored;
        return filter;
    }

    /** The sorted union of {@code a} and {@code b}, in unsigned order. */
    private static long[] merge(long[] a, long[] b) {
        int n = a.length;
        long[] out = new long[n + b.length];
        int i = 0;
        int j = 0;
        for (int k = 0; k < out.length; k++) {
            out[k] = j == b.length || (i < n && Long.compareUnsigned(a[i], b[j]) <= 0) ? a[i++] : b[j++];
        }
        return out;
    }

    private static int capacity(int segment) {
        return 1 << (BASE_CAPACITY_BITS + segment);
    }

    private static int width(int segment) {
        return BASE_CAPACITY_BITS + segment + EXTRA_BITS;
    }

    private static void putVarint(ByteBuffer out, int value) {
        while ((value & ~0x7f) != 0) {
            out.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    private static int getVarint(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            byte b = in.get();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                if (value < 0) {
                    break;
                }
                return value;
            }
        }
        throw new IllegalArgumentException("seen filter (version 3): a count out of range");
    }
}
