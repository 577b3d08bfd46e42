package dev.attune.streams.recommend;

import dev.attune.streams.catalogue.VectorIndex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last vector-search hits of each interest of recently refreshed users, so that a refresh searches again only
 * the interests that changed: a click moves one centroid of up to K, and the vector searches are most of a
 * refresh's cost. An interest's hits are reused while its centroid and the catalogue are exactly as they were and
 * the hits still hold enough unseen items for the interest's quota; the recommender searches anew otherwise.
 *
 * <p>One per task (a refresher's; not thread-safe), least recently refreshed users evicted first. Derived state
 * only: losing it (restart, rebalance) costs searches, never a different list than a fresh search would give.
 * Each user costs about {@code 16 B x candidates fetched} (the ids and vectors are the index's own): ~3-5 KB.
 */
public final class RetrievalCache {

    /** No cache: every refresh searches every interest. */
    public static final RetrievalCache NONE = new RetrievalCache(0);

    /**
     * One interest's hits, most similar first (ids and the index's own vectors), what they were searched with, and
     * whether the index had no more.
     */
    record Hits(long centroidHash, long catalogueVersion, String[] ids, float[][] vectors, boolean exhaustive) {
    }

    private final int maxUsers;
    private final LinkedHashMap<String, Map<Integer, Hits>> users;
    private long searches;
    private long reuses;

    public RetrievalCache(int maxUsers) {
        this.maxUsers = maxUsers;
        this.users = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<Integer, Hits>> eldest) {
                return size() > RetrievalCache.this.maxUsers;
            }
        };
    }

    /** The user's cached hits by interest id, removed from the cache (the refresh puts back what it used). */
    Map<Integer, Hits> take(String userId) {
        Map<Integer, Hits> cached = maxUsers == 0 ? null : users.remove(userId);
        return cached == null ? Map.of() : cached;
    }

    void put(String userId, Map<Integer, Hits> byInterest) {
        if (maxUsers > 0 && !byInterest.isEmpty()) {
            users.put(userId, byInterest);
        }
    }

    int users() {
        return users.size();
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

    static Hits of(float[] centroid, long catalogueVersion, List<VectorIndex.Hit> hits, boolean exhaustive) {
        String[] ids = new String[hits.size()];
        float[][] vectors = new float[hits.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = hits.get(i).id();
            vectors[i] = hits.get(i).vector();
        }
        return new Hits(hash(centroid), catalogueVersion, ids, vectors, exhaustive);
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
