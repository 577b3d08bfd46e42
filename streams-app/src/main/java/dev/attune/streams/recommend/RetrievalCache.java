package dev.attune.streams.recommend;

import dev.attune.streams.catalogue.VectorIndex;
import dev.attune.vector.Vectors;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>One per task (a refresher's; not thread-safe), least recently used entries evicted first. Derived state
 * only: losing it (restart, rebalance) costs searches; it never gives a different list than a fresh search would, but
 * for re-ranked hits at that boundary (none at a {@code minCosine} of 1).
 * Each entry costs about {@code 20 B x candidates fetched} (the ids and vectors are the index's own) and the searched
 * centroid's codes (one byte a dimension): ~3 KB.
 */
public final class RetrievalCache {

    /** No cache: every refresh searches every interest. */
    public static final RetrievalCache NONE = new RetrievalCache(0, 1);

    /**
     * One centroid's hits, most similar first (ids, the index's own vectors and the items' slots): the hash of that
     * centroid's 8-bit codes, the codes of the centroid they were searched with (the same centroid's, unless they were
     * re-ranked for a nearby one), whether the index had no more, and the user whose seen items the search left out
     * (null: none were).
     */
    record Hits(long centroidHash, byte[] centroidCodes, long catalogueVersion, String[] ids, float[][] vectors,
                int[] slots, boolean exhaustive, String filteredFor) {
    }

    /** The hits last searched or re-ranked for a user's interest. */
    private record LastSearched(String userId, int interestId, Hits hits) {
    }

    private final int maxEntries;
    private final double minCosine;
    private final LinkedHashMap<Long, Hits> byKey;
    private final LinkedHashMap<Long, LastSearched> byInterest;
    private long searches;
    private long reuses;
    private long nearbyReuses;

    /**
     * {@code maxEntries}: centroids' hits kept (and as many users' interests' last hits); {@code minCosine}: how close
     * a moved centroid must stay to the one its interest's last hits were searched with to reuse them (1: only an
     * unmoved one).
     */
    public RetrievalCache(int maxEntries, double minCosine) {
        this.maxEntries = maxEntries;
        this.minCosine = minCosine;
        this.byKey = leastRecentlyUsed(maxEntries);
        this.byInterest = leastRecentlyUsed(maxEntries);
    }

    private static <V> LinkedHashMap<Long, V> leastRecentlyUsed(int maxEntries) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /**
     * The hits last searched with {@code centroidHash} that {@code userId} may use at catalogue {@code version}, or
     * null: the user's own search with their seen items left out first, then an unfiltered one anyone may use.
     */
    Hits find(long centroidHash, long version, String userId) {
        if (maxEntries == 0) {
            return null;
        }
        Hits own = usable(byKey.get(key(centroidHash, userId)), centroidHash, version, userId);
        return own != null ? own : usable(byKey.get(key(centroidHash, null)), centroidHash, version, null);
    }

    private static Hits usable(Hits hits, long centroidHash, long version, String filteredFor) {
        return hits == null || hits.centroidHash() != centroidHash || hits.catalogueVersion() != version
                || !Objects.equals(hits.filteredFor(), filteredFor) ? null : hits;
    }

    void put(Hits hits) {
        if (maxEntries > 0) {
            byKey.put(key(hits.centroidHash(), hits.filteredFor()), hits);
        }
    }

    /**
     * The hits last searched or re-ranked for {@code userId}'s interest {@code interestId} ({@link #remember}), if they
     * are of catalogue {@code version} and were searched with a centroid at cosine {@code minCosine} or more from
     * {@code centroid}; else null. Their order is the old centroid's: re-rank them ({@link #reranked}).
     */
    Hits nearby(String userId, int interestId, float[] centroid, long version) {
        if (maxEntries == 0 || minCosine >= 1) {
            return null;
        }
        LastSearched last = byInterest.get(interestKey(userId, interestId));
        if (last == null || last.interestId() != interestId || !last.userId().equals(userId)
                || last.hits().catalogueVersion() != version) {
            return null;
        }
        return cosine(last.hits().centroidCodes(), centroid) >= minCosine ? last.hits() : null;
    }

    /**
     * Remembers {@code hits} as searched or re-ranked for {@code userId}'s interest {@code interestId}: what
     * {@link #nearby} offers once the interest moves, compared with the centroid they were searched with (re-ranked
     * hits keep its codes), so that an interest drifting by small steps is searched again once it is far from there,
     * not from its last step.
     */
    void remember(String userId, int interestId, Hits hits) {
        if (maxEntries > 0 && minCosine < 1) {
            byInterest.put(interestKey(userId, interestId), new LastSearched(userId, interestId, hits));
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
        int n = hits.ids().length;
        float[] similarity = new float[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            similarity[i] = Vectors.dot(hits.vectors()[i], centroid);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(similarity[b], similarity[a]));
        String[] ids = new String[n];
        float[][] vectors = new float[n][];
        int[] slots = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = hits.ids()[order[i]];
            vectors[i] = hits.vectors()[order[i]];
            slots[i] = hits.slots()[order[i]];
        }
        return new Hits(centroidHash, hits.centroidCodes(), hits.catalogueVersion(), ids, vectors, slots,
                hits.exhaustive(), hits.filteredFor());
    }

    /**
     * Hits anyone may use under the centroid's hash; a user's filtered hits under a key of their own: users whose
     * long histories share a centroid (the same first item) would otherwise replace each other's hits at every
     * refresh (measured: a returning user's refresh took twice the CPU).
     */
    private static long key(long centroidHash, String filteredFor) {
        return filteredFor == null ? centroidHash : centroidHash ^ (filteredFor.hashCode() * 0x9E3779B97F4A7C15L + 1);
    }

    int entries() {
        return byKey.size();
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
        String[] ids = new String[hits.size()];
        float[][] vectors = new float[hits.size()][];
        int[] slots = new int[hits.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = hits.get(i).id();
            vectors[i] = hits.get(i).vector();
            slots[i] = hits.get(i).slot();
        }
        return new Hits(hash(centroidCodes), centroidCodes, catalogueVersion, ids, vectors, slots, exhaustive,
                filteredFor);
    }

    /**
     * The centroid's 8-bit codes (as stored): what the cache finds hits by, since a centroid decoded again from
     * unchanged codes can differ from the last decode in the last bit of a float (scale and renormalisation round),
     * so its exact bits would miss.
     */
    static byte[] codes(float[] centroid) {
        float scale = scale(centroid);
        byte[] codes = new byte[centroid.length];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = code(centroid[i], scale);
        }
        return codes;
    }

    /**
     * {@code hash(codes(centroid))} without making the codes: every interest of every refresh is looked up by it, and
     * only a search (a few in a hundred) keeps its codes.
     */
    static long hash(float[] centroid) {
        float scale = scale(centroid);
        long h = FNV_OFFSET;
        for (float x : centroid) {
            h = (h ^ code(x, scale)) * FNV_PRIME;
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

    private static float scale(float[] centroid) {
        float maxAbs = 0f;
        for (float x : centroid) {
            maxAbs = Math.max(maxAbs, Math.abs(x));
        }
        return maxAbs == 0f ? 1f : maxAbs / Byte.MAX_VALUE;
    }

    private static byte code(float x, float scale) {
        return (byte) Math.round(x / scale);
    }
}
