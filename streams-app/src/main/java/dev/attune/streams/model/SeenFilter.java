package dev.attune.streams.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Every item a user has interacted with, kept compactly: a scalable Bloom filter (Almeida et al. 2007), a
 * list of segments where segment i holds up to {@code 64 << i} items at 12 bits each with 8 hash functions
 * (about 0.3% false positives per full segment; four bits from each of two hashes, see {@link #V1}), a new segment
 * opening when the last is full. About 1.5 bytes per item, and no false negatives: a seen item is always filtered;
 * a false positive hides one unseen item.
 * Item ids are hashed with FNV-1a (64 bit) and a SplitMix64 finaliser, so the stored bits mean the same on
 * every JVM.
 */
public final class SeenFilter {

    /**
     * Version 1 placed an id's 8 bits by double hashing, h1 + j * h2 mod m, with both halves of one 64-bit hash: two
     * ids whose h1 and h2 agree modulo m set the same 8 bits, so in a 768-bit first segment some pairs collide outright
     * (about 2 / m^2 per pair: 3 in 100 items of a 10k catalogue have such a twin, hidden from whoever saw the other).
     * Version 2 places bits 4-7 with a second, independent pair. A filter keeps the scheme it was made with: its bits
     * cannot be re-placed without the ids, so states stored with version 1 read and grow as version 1.
     */
    static final byte V1 = 1;
    static final byte V2 = 2;
    private static final int BASE_CAPACITY = 64;
    private static final int BITS_PER_ITEM = 12;
    private static final int HASHES = 8;
    /** Past 64 * (2^16 - 1) items the last segment keeps filling and its false-positive rate grows. */
    private static final int MAX_SEGMENTS = 16;

    private final byte version;
    private final List<long[]> segments = new ArrayList<>();
    private final List<Integer> counts = new ArrayList<>();

    private SeenFilter(byte version) {
        this.version = version;
    }

    public static SeenFilter empty() {
        return new SeenFilter(V2);
    }

    /**
     * An empty filter of scheme {@code version}: 2, or 1 while instances of a release that reads only version 1 may
     * still read the stores (a rolling upgrade; {@code interest.seen.filter.version}).
     */
    public static SeenFilter empty(int version) {
        if (version != V1 && version != V2) {
            throw new IllegalArgumentException("seen-filter version must be 1 or 2, got " + version);
        }
        return new SeenFilter((byte) version);
    }

    /** Items added so far (each distinct item once, up to false positives). */
    public int size() {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }

    public boolean mightContain(String itemId) {
        return mightContainHashed(hash(itemId));
    }

    /**
     * As {@link #mightContain} for the item whose {@link #hash} is {@code itemHash}: for callers that test the same
     * items against many users' filters and hash each id once (hashing reads the id's characters, which for a
     * refresh's few hundred co-occurring items lie scattered over the heap).
     */
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

    public static SeenFilter decode(ByteBuffer stored) {
        ByteBuffer in = stored.duplicate();
        byte version = in.get();
        if (version != V1 && version != V2) {
            throw new IllegalArgumentException("unknown seen-filter version " + version);
        }
        SeenFilter filter = new SeenFilter(version);
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

    /** The j-th bit of an id with hashes {@code h} and {@code g} in a segment of {@code m} bits (see {@link #V1}). */
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

    /** The hash an item id is placed by, the same on every JVM and for every filter. */
    public static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
