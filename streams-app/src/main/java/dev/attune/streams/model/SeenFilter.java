package dev.attune.streams.model;

import java.nio.ByteBuffer;

/**
 * Every item a user has interacted with, kept compactly, with no false negatives (a seen item is always filtered) and
 * rare false positives (each hides one unseen item). The stored form's first byte is its scheme, and a filter keeps
 * the scheme it was made with (its entries cannot be re-made without the ids): versions 1 and 2 are scalable Bloom
 * filters ({@link BloomSeenFilter}), version 3, the default since 2026-12-02, a set of fingerprints
 * ({@link FingerprintSeenFilter}) that takes about 0.6 of their bytes for a heavy user (0.76 for the mean MovieLens
 * user).
 * Item ids are hashed with FNV-1a (64 bit) and a SplitMix64 finaliser ({@link #hash}), so stored filters mean the same
 * on every JVM.
 */
public abstract sealed class SeenFilter permits BloomSeenFilter, FingerprintSeenFilter {

    static final byte V1 = 1;
    static final byte V2 = 2;
    static final byte V3 = 3;

    /** An empty filter of the newest scheme. */
    public static SeenFilter empty() {
        return new FingerprintSeenFilter();
    }

    /**
     * An empty filter of scheme {@code version}: 3, or an older one while instances of a release that does not read
     * it may still read the stores (a rolling upgrade; {@code interest.seen.filter.version}).
     */
    public static SeenFilter empty(int version) {
        return switch (version) {
            case V1, V2 -> new BloomSeenFilter((byte) version);
            case V3 -> new FingerprintSeenFilter();
            default -> throw new IllegalArgumentException("seen-filter version must be 1, 2 or 3, got " + version);
        };
    }

    /** A filter as {@link #encode} wrote it, of whichever version. */
    public static SeenFilter decode(ByteBuffer stored) {
        ByteBuffer in = stored.duplicate();
        byte version = in.get();
        return switch (version) {
            case V1, V2 -> BloomSeenFilter.decodeAfterVersion(version, in);
            case V3 -> FingerprintSeenFilter.decodeAfterVersion(in);
            default -> throw new IllegalArgumentException("unknown seen-filter version " + version);
        };
    }

    /** Items added so far (each distinct item once, up to false positives). */
    public abstract int size();

    public boolean mightContain(String itemId) {
        return mightContainHashed(hash(itemId));
    }

    /**
     * As {@link #mightContain} for the item whose {@link #hash} is {@code itemHash}: for callers that test the same
     * items against many users' filters and hash each id once (hashing reads the id's characters, which for a
     * refresh's few hundred co-occurring items lie scattered over the heap).
     */
    public abstract boolean mightContainHashed(long itemHash);

    public abstract void add(String itemId);

    /** The stored form, its version first. */
    public abstract byte[] encode();

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
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
