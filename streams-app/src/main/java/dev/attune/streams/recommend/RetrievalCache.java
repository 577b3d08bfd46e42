package dev.attune.streams.recommend;

import dev.attune.streams.catalogue.VectorIndex;
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
 * hits searched with one user's seen items left out serve that user only, and are kept apart from other users'. The
 * recommender searches anew otherwise.
 *
 * <p>One per task (a refresher's; not thread-safe), least recently used centroids evicted first. Derived state
 * only: losing it (restart, rebalance) costs searches, never a different list than a fresh search would give.
 * Each entry costs about {@code 20 B x candidates fetched} (the ids and vectors are the index's own): ~2.5 KB.
 */
public final class RetrievalCache {

    /** No cache: every refresh searches every interest. */
    public static final RetrievalCache NONE = new RetrievalCache(0);

    /**
     * One centroid's hits, most similar first (ids, the index's own vectors and the items' slots), what they were
     * searched with, whether the index had no more, and the user whose seen items the search left out (null: none
     * were).
     */
    record Hits(long centroidHash, long catalogueVersion, String[] ids, float[][] vectors, int[] slots,
                boolean exhaustive, String filteredFor) {
    }

    private final int maxEntries;
    private final LinkedHashMap<Long, Hits> byKey;
    private long searches;
    private long reuses;

    public RetrievalCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.byKey = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Hits> eldest) {
                return size() > RetrievalCache.this.maxEntries;
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

    /** Counts one interest's candidates as searched for ({@code true}) or taken from this cache. */
    void count(boolean searched) {
        if (this == NONE) {
            return; // shared by every caller without a cache: nobody reads its counts
        }
        if (searched) {
            searches++;
        } else {
            reuses++;
        }
    }

    /** Interests whose candidates came from a vector search since this cache was made. */
    public long searches() {
        return searches;
    }

    /** Interests whose candidates came from this cache since it was made. */
    public long reuses() {
        return reuses;
    }

    static Hits of(long centroidHash, long catalogueVersion, List<VectorIndex.Hit> hits, boolean exhaustive,
            String filteredFor) {
        String[] ids = new String[hits.size()];
        float[][] vectors = new float[hits.size()][];
        int[] slots = new int[hits.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = hits.get(i).id();
            vectors[i] = hits.get(i).vector();
            slots[i] = hits.get(i).slot();
        }
        return new Hits(centroidHash, catalogueVersion, ids, vectors, slots, exhaustive, filteredFor);
    }

    /**
     * A 64-bit hash of the centroid's 8-bit codes (as stored): a centroid decoded again from unchanged codes can
     * differ from the last decode in the last bit of a float (scale and renormalisation round), so its exact
     * bits would miss.
     */
    static long hash(float[] centroid) {
        float maxAbs = 0f;
        for (float x : centroid) {
            maxAbs = Math.max(maxAbs, Math.abs(x));
        }
        float scale = maxAbs == 0f ? 1f : maxAbs / Byte.MAX_VALUE;
        long h = 0xcbf29ce484222325L;
        for (float x : centroid) {
            h = (h ^ Math.round(x / scale)) * 0x100000001b3L;
        }
        return h;
    }
}
