package dev.attune.streams.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Every item a user has interacted with, kept compactly: a scalable Bloom filter (Almeida et al. 2007), a
 * list of segments where segment i holds up to {@code 64 << i} items at 12 bits each with 8 hash functions
 * (about 0.3% false positives per segment), a new segment opening when the last is full. About 1.5 bytes
 * per item, and no false negatives: a seen item is always filtered; a false positive hides one unseen item.
 * Item ids are hashed with FNV-1a (64 bit) and a SplitMix64 finaliser, so the stored bits mean the same on
 * every JVM.
 */
public final class SeenFilter {

    private static final byte VERSION = 1;
    private static final int BASE_CAPACITY = 64;
    private static final int BITS_PER_ITEM = 12;
    private static final int HASHES = 8;
    /** Past 64 * (2^16 - 1) items the last segment keeps filling and its false-positive rate grows. */
    private static final int MAX_SEGMENTS = 16;

    private final List<long[]> segments = new ArrayList<>();
    private final List<Integer> counts = new ArrayList<>();

    public static SeenFilter empty() {
        return new SeenFilter();
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
        long h = hash(itemId);
        for (long[] bits : segments) {
            if (test(bits, h)) {
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
        long m = bits.length * 64L;
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int j = 0; j < HASHES; j++) {
            int bit = (int) Math.floorMod(h1 + (long) j * h2, m);
            bits[bit >>> 6] |= 1L << bit;
        }
        counts.set(last, counts.get(last) + 1);
    }

    public byte[] encode() {
        int length = 2;
        for (long[] bits : segments) {
            length += Integer.BYTES + bits.length * Long.BYTES;
        }
        ByteBuffer out = ByteBuffer.allocate(length).put(VERSION).put((byte) segments.size());
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
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown seen-filter version " + version);
        }
        SeenFilter filter = new SeenFilter();
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

    private static boolean test(long[] bits, long h) {
        long m = bits.length * 64L;
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int j = 0; j < HASHES; j++) {
            int bit = (int) Math.floorMod(h1 + (long) j * h2, m);
            if ((bits[bit >>> 6] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    private static int capacity(int segment) {
        return BASE_CAPACITY << segment;
    }

    private static int words(int segment) {
        return capacity(segment) * BITS_PER_ITEM / 64;
    }

    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
