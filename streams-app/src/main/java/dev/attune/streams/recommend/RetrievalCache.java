package dev.attune.streams.recommend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Weigher;
import dev.attune.streams.catalogue.VectorIndex;
import dev.attune.streams.model.Quantizer;
import dev.attune.vector.Vectors;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The last vector-search hits of recently searched centroids, so that a refresh searches again only the interests
 * that changed: a click moves one centroid of up to K, and the vector searches are most of a refresh's cost. Hits are
 * found by what was searched, not by whom: users whose interest was born from the same item (a first click on a
 * popular item, a common query) have the same centroid, so one search serves them all. Hits are reused while the
 * catalogue is exactly as it was and they still hold enough items the user has not seen for the interest's quota;
 * hits searched with one user's seen items left out serve that user only, and are kept apart from other users'.
 *
 * <p>A click moves its interest's centroid only a little on a long history, yet any move changes its codes: so the hits
 * last searched (or re-ranked) for each user's interest are also kept by (user, interest), and serve the moved
 * centroid, re-ranked by it, while its cosine with the centroid they were searched with is at least {@code minCosine}.
 * At 0.995, re-ranked hits share 0.993 of a fresh search's quota (what differs lies at the interest's similarity
 * boundary), and returning users with long histories search half as often (bench/RESULTS.md 2026-12-02, early
 * morning). The recommender searches anew otherwise.
 *
 * <p>The hits live in a {@link Shared} memory, one per instance, which every stream task's refresher reads and
 * fills (a budget in bytes, whatever the number of tasks an instance holds); each task has a {@code RetrievalCache}
 * of its own that counts where its interests' candidates came from. Derived state only: losing it (restart,
 * rebalance) costs searches; it never gives a different list than a fresh search would, but for re-ranked hits at
 * that boundary (none at a {@code minCosine} of 1).
 */
public final class RetrievalCache {

    /** No cache: every refresh searches every interest. */
    public static final RetrievalCache NONE = new RetrievalCache(Shared.NONE);

    /**
     * One centroid's hits, most similar first (the index's own items: id, vector, slot and seen-filter hash): the hash
     * of that centroid's 8-bit codes, the codes of the centroid they were searched with (the same centroid's, unless
     * they were re-ranked for a nearby one), whether the index had no more, and the user whose seen items the search
     * left out (null: none were).
     */
    record Hits(long centroidHash, byte[] centroidCodes, long catalogueVersion, VectorIndex.Item[] items,
                boolean exhaustive, String filteredFor) {

        /**
         * The heap these hits hold beyond what the catalogue holds anyway (the items are the index's own), with their
         * cache entry: the record, the codes, the array of items, and a cache node with its boxed key (compressed
         * references; {@code RetrievalCacheTest} checks it against the heap's own layout).
         */
        long bytes() {
            return HITS_RECORD + ARRAY_HEADER + centroidCodes.length + ARRAY_HEADER + (long) REFERENCE * items.length
                    + CACHE_ENTRY;
        }
    }

    /** Object sizes for {@link Hits#bytes}: 64-bit JVM, compressed references (heaps under 32 GiB). */
    private static final int REFERENCE = 4;
    private static final int ARRAY_HEADER = 16;
    private static final int HITS_RECORD = 48;
    /** Caffeine's node of a bounded, weighted cache and a boxed long key. */
    private static final int CACHE_ENTRY = 72;

    /**
     * An instance's cached hits, shared by all its stream tasks (thread-safe): found by centroid, and the last of each
     * user's interest. Each of the two halves of {@code maxBytes} bounds one of them, weighed by {@link Hits#bytes},
     * which counts hits held by both twice: the heap held stays under {@code maxBytes}. Eviction is Caffeine's
     * (recency and frequency).
     */
    public static final class Shared {

        static final Shared NONE = new Shared(0, 1);

        private final long maxBytes;
        private final double minCosine;
        private final Cache<Long, Hits> byKey;
        private final Cache<Long, LastSearched> byInterest;

        /**
         * {@code maxBytes}: the heap the hits may hold (0: none are kept); {@code minCosine}: how close a moved centroid
         * must stay to the one its interest's last hits were searched with to reuse them (1: only an unmoved one).
         */
        public Shared(long maxBytes, double minCosine) {
            this.maxBytes = maxBytes;
            this.minCosine = minCosine;
            this.byKey = bounded(maxBytes / 2, (key, hits) -> weight(hits.bytes()));
            this.byInterest = bounded(maxBytes / 2, (key, last) -> weight(last.hits().bytes() + LAST_SEARCHED));
        }

        private static <V> Cache<Long, V> bounded(long maxWeight, Weigher<Long, V> weigher) {
            // maintenance on the calling stream thread: no pool thread, and the bound holds after every write
            return Caffeine.newBuilder().maximumWeight(maxWeight).weigher(weigher).executor(Runnable::run).build();
        }

        private static int weight(long bytes) {
            return (int) Math.min(Integer.MAX_VALUE, bytes);
        }

        /** {@code maxBytes}: the most heap the hits may hold. */
        public long maxBytes() {
            return maxBytes;
        }

        /** The estimated heap the cached hits hold now ({@link Hits#bytes}), at most {@code maxBytes}. */
        public long bytes() {
            return weightOf(byKey) + weightOf(byInterest);
        }

        private static long weightOf(Cache<Long, ?> cache) {
            return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
        }

        /** Runs pending evictions now (tests): Caffeine may otherwise hold a few writes over its bound briefly. */
        void cleanUp() {
            byKey.cleanUp();
            byInterest.cleanUp();
        }
    }

    /** The hits last searched or re-ranked for a user's interest. */
    private record LastSearched(String userId, int interestId, Hits hits) {
    }

    /** {@link LastSearched}'s record beyond its hits. */
    private static final int LAST_SEARCHED = 24;

    private final Shared shared;
    private long searches;
    private long reuses;
    private long nearbyReuses;

    /** A task's cache: the instance's {@code shared} hits, and counts of its own. */
    public RetrievalCache(Shared shared) {
        this.shared = shared;
    }

    /** A cache of its own, not shared with other tasks: {@link Shared#Shared(long, double)}. */
    public RetrievalCache(long maxBytes, double minCosine) {
        this(new Shared(maxBytes, minCosine));
    }

    /**
     * The hits last searched with {@code centroidHash} that {@code userId} may use at catalogue {@code version}, or
     * null: the user's own search with their seen items left out first, then an unfiltered one anyone may use.
     */
    Hits find(long centroidHash, long version, String userId) {
        if (shared.maxBytes == 0) {
            return null;
        }
        Hits own = usable(shared.byKey.getIfPresent(key(centroidHash, userId)), centroidHash, version, userId);
        return own != null ? own
                : usable(shared.byKey.getIfPresent(key(centroidHash, null)), centroidHash, version, null);
    }

    private static Hits usable(Hits hits, long centroidHash, long version, String filteredFor) {
        return hits == null || hits.centroidHash() != centroidHash || hits.catalogueVersion() != version
                || !Objects.equals(hits.filteredFor(), filteredFor) ? null : hits;
    }

    void put(Hits hits) {
        if (shared.maxBytes > 0) {
            shared.byKey.put(key(hits.centroidHash(), hits.filteredFor()), hits);
        }
    }

    /**
     * The hits last searched or re-ranked for {@code userId}'s interest {@code interestId} ({@link #remember}), if they
     * are of catalogue {@code version} and were searched with a centroid at cosine {@code minCosine} or more from
     * {@code centroid}; else null. Their order is the old centroid's: re-rank them ({@link #reranked}).
     */
    Hits nearby(String userId, int interestId, float[] centroid, long version) {
        if (shared.maxBytes == 0 || shared.minCosine >= 1) {
            return null;
        }
        LastSearched last = shared.byInterest.getIfPresent(interestKey(userId, interestId));
        if (last == null || last.interestId() != interestId || !last.userId().equals(userId)
                || last.hits().catalogueVersion() != version) {
            return null;
        }
        return cosine(last.hits().centroidCodes(), centroid) >= shared.minCosine ? last.hits() : null;
    }

    /**
     * Remembers {@code hits} as searched or re-ranked for {@code userId}'s interest {@code interestId}: what
     * {@link #nearby} offers once the interest moves, compared with the centroid they were searched with (re-ranked
     * hits keep its codes), so that an interest drifting by small steps is searched again once it is far from there,
     * not from its last step.
     */
    void remember(String userId, int interestId, Hits hits) {
        if (shared.maxBytes > 0 && shared.minCosine < 1) {
            shared.byInterest.put(interestKey(userId, interestId), new LastSearched(userId, interestId, hits));
        }
    }

    private static long interestKey(String userId, int interestId) {
        return userId.hashCode() * 0x9E3779B97F4A7C15L + interestId;
    }

    /** The cosine of the centroid {@code codes} encode (a multiple of it) with {@code v}. */
    static double cosine(byte[] codes, float[] v) {
        double dot = 0;
        double codesSquared = 0;
        double vSquared = 0;
        for (int i = 0; i < codes.length; i++) {
            dot += codes[i] * v[i];
            codesSquared += codes[i] * codes[i];
            vSquared += v[i] * v[i];
        }
        return codesSquared == 0 || vSquared == 0 ? 0 : dot / Math.sqrt(codesSquared * vSquared);
    }

    /**
     * The same hits ordered by similarity to {@code centroid}, most similar first (ties in their old order), to be
     * found under {@code centroidHash} (that centroid's) from now on: an interest that does not move again reuses them
     * as they are. They keep the codes of the centroid they were searched with, which {@link #nearby} compares with.
     */
    static Hits reranked(Hits hits, float[] centroid, long centroidHash) {
        int n = hits.items().length;
        float[] similarity = new float[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            similarity[i] = Vectors.dot(hits.items()[i].vector(), centroid);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(similarity[b], similarity[a]));
        VectorIndex.Item[] items = new VectorIndex.Item[n];
        for (int i = 0; i < n; i++) {
            items[i] = hits.items()[order[i]];
        }
        return new Hits(centroidHash, hits.centroidCodes(), hits.catalogueVersion(), items, hits.exhaustive(),
                hits.filteredFor());
    }

    /**
     * Hits anyone may use under the centroid's hash; a user's filtered hits under a key of their own: users whose
     * long histories share a centroid (the same first item) would otherwise replace each other's hits at every
     * refresh (measured: a returning user's refresh took twice the CPU).
     */
    private static long key(long centroidHash, String filteredFor) {
        return filteredFor == null ? centroidHash : centroidHash ^ (filteredFor.hashCode() * 0x9E3779B97F4A7C15L + 1);
    }

    /** The estimated heap held by the hits this cache's tasks share ({@link Shared#bytes}). */
    long bytes() {
        return shared.bytes();
    }

    /** Centroids' hits held (after pending evictions, as the bound holds them). */
    long entries() {
        shared.cleanUp();
        return shared.byKey.estimatedSize();
    }

    /** Where an interest's candidates came from. */
    enum Source { SEARCH, SAME_CENTROID, NEARBY_CENTROID }

    /** Counts one interest's candidates by where they came from. */
    void count(Source source) {
        if (this == NONE) {
            return; // shared by every caller without a cache: nobody reads its counts
        }
        switch (source) {
            case SEARCH -> searches++;
            case SAME_CENTROID -> reuses++;
            case NEARBY_CENTROID -> {
                reuses++;
                nearbyReuses++;
            }
        }
    }

    /** Interests whose candidates came from a vector search since this cache was made. */
    public long searches() {
        return searches;
    }

    /** Interests whose candidates came from this cache since it was made (nearby centroids' hits included). */
    public long reuses() {
        return reuses;
    }

    /** Of {@link #reuses}, those whose hits were searched with a nearby centroid and re-ranked. */
    public long nearbyReuses() {
        return nearbyReuses;
    }

    static Hits of(byte[] centroidCodes, long catalogueVersion, List<VectorIndex.Hit> hits, boolean exhaustive,
            String filteredFor) {
        VectorIndex.Item[] items = new VectorIndex.Item[hits.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = hits.get(i).item();
        }
        return new Hits(hash(centroidCodes), centroidCodes, catalogueVersion, items, exhaustive, filteredFor);
    }

    /**
     * The centroid's 8-bit codes ({@link Quantizer#encode8}): what the cache finds hits by, since a centroid decoded
     * again from unchanged codes can differ from the last decode in the last bit of a float (scale and
     * renormalisation round), so its exact bits would miss.
     */
    static byte[] codes(float[] centroid) {
        byte[] codes = new byte[centroid.length];
        Quantizer.encode8(centroid, codes, 0);
        return codes;
    }

    /**
     * {@code hash(codes(centroid))} without making the codes: every interest of every refresh is looked up by it, and
     * only a search (a few in a hundred) keeps its codes.
     */
    static long hash(float[] centroid) {
        float scale = Quantizer.scale8(centroid);
        long h = FNV_OFFSET;
        for (float x : centroid) {
            h = (h ^ Quantizer.code8(x, scale)) * FNV_PRIME;
        }
        return h;
    }

    /** A 64-bit hash of a centroid's {@link #codes}. */
    static long hash(byte[] codes) {
        long h = FNV_OFFSET;
        for (byte code : codes) {
            h = (h ^ code) * FNV_PRIME;
        }
        return h;
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
}
