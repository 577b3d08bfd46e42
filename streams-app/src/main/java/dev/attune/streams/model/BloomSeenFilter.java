package dev.attune.streams.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Versions 1 and 2 of the {@link SeenFilter}: a scalable Bloom filter (Almeida et al. 2007), a
 * list of segments where segment i holds up to {@code 64 << i} items at 12 bits each with 8 hash functions
 * (about 0.3% false positives per full segment), a new segment opening when the last is full: 1.5 bytes per item of
 * a segment's capacity, used or not. Written for new users until 2026-12-02 (version 3, {@link FingerprintSeenFilter},
 * takes 0.6-0.76 of the bytes); states that hold one read and grow it as it is.
 * <p>
 * Version 1 placed an id's 8 bits by double hashing, h1 + j * h2 mod m, with both halves of one 64-bit hash: two
 * ids whose h1 and h2 agree modulo m set the same 8 bits, so in a 768-bit first segment some pairs collide outright
 * (about 2 / m^2 per pair: 3 in 100 items of a 10k catalogue have such a twin, hidden from whoever saw the other).
 * Version 2 places bits 4-7 with a second, independent pair. A filter keeps the scheme it was made with: its bits
 * cannot be re-placed without the ids, so states stored with version 1 read and grow as version 1.
 */
final class BloomSeenFilter extends SeenFilter {

    private static final int BASE_CAPACITY = 64;
    private static final int BITS_PER_ITEM = 12;
    private static final int HASHES = 8;
    /** Past 64 * (2^16 - 1) items the last segment keeps filling and its false-positive rate grows. */
    private static final int MAX_SEGMENTS = 16;

    private final byte version;
    private final List<long[]> segments = new ArrayList<>();
    private final List<Integer> counts = new ArrayList<>();

    BloomSeenFilter(byte version) {
        this.version = version;
    }

    @Override
    public int size() {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }

    @Override
    public boolean mightContainHashed(long itemHash) {
        long h = itemHash;
        long g = secondHash(h);
        for (long[] bits : segments) {
            if (test(bits, h, g)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void add(String itemId) {
        if (mightContain(itemId)) {
            return;
        }
        int last = segments.size() - 1;
        if (last < 0 || (counts.get(last) >= capacity(last) && segments.size() < MAX_SEGMENTS)) {
            segments.add(new long[words(segments.size())]);
            counts.add(0);
            last++;
        }
        long[] bits = segments.get(last);
        long h = hash(itemId);
        long g = secondHash(h);
        long m = bits.length * 64L;
        for (int j = 0; j < HASHES; j++) {
            int bit = bit(h, g, j, m);
            bits[bit >>> 6] |= 1L << bit;
        }
        counts.set(last, counts.get(last) + 1);
    }

    @Override
    public byte[] encode() {
        int length = 2;
        for (long[] bits : segments) {
            length += Integer.BYTES + bits.length * Long.BYTES;
        }
        ByteBuffer out = ByteBuffer.allocate(length).put(version).put((byte) segments.size());
        for (int i = 0; i < segments.size(); i++) {
            out.putInt(counts.get(i));
            for (long word : segments.get(i)) {
                out.putLong(word);
            }
        }
        return out.array();
    }

    /** A filter of version 1 or 2 from {@code in}, which {@code version} was read from. */
    static BloomSeenFilter decodeAfterVersion(byte version, ByteBuffer in) {
        BloomSeenFilter filter = new BloomSeenFilter(version);
        int n = in.get();
        for (int i = 0; i < n; i++) {
            filter.counts.add(in.getInt());
            long[] bits = new long[words(i)];
            for (int w = 0; w < bits.length; w++) {
                bits[w] = in.getLong();
            }
            filter.segments.add(bits);
        }
        return filter;
    }

    private boolean test(long[] bits, long h, long g) {
        long m = bits.length * 64L;
        for (int j = 0; j < HASHES; j++) {
            int bit = bit(h, g, j, m);
            if ((bits[bit >>> 6] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The j-th bit of an id with hashes {@code h} and {@code g} in a segment of {@code m} bits (see the class comment). */
    private int bit(long h, long g, int j, long m) {
        boolean firstPair = version == V1 || j < HASHES / 2;
        long pair = firstPair ? h : g;
        int k = firstPair ? j : j - HASHES / 2;
        return (int) Math.floorMod((int) pair + (long) k * ((int) (pair >>> 32) | 1), m);
    }

    /** Version 2's second pair: the id's hash mixed again (SplitMix64), independent of the first for placement. */
    private long secondHash(long h) {
        if (version == V1) {
            return 0L;
        }
        return mix(h + 0x9e3779b97f4a7c15L);
    }

    private static int capacity(int segment) {
        return BASE_CAPACITY << segment;
    }

    private static int words(int segment) {
        return capacity(segment) * BITS_PER_ITEM / 64;
    }
}
