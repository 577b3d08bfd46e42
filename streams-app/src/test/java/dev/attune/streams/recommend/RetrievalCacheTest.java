package dev.attune.streams.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.streams.catalogue.VectorIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which cached hits a refresh may use: same centroid and catalogue version, and not another user's filtered search. */
class RetrievalCacheTest {

    private static final long VERSION = 7;

    private static RetrievalCache.Hits hits(long centroidHash, String filteredFor) {
        return RetrievalCache.of(centroidHash, VERSION, List.of(new VectorIndex.Hit("item-1", 0.9f, new float[] {1, 0}, 0)),
                false, filteredFor);
    }

    @Test
    void shouldServeEveryUserTheHitsOfAnUnfilteredSearchOfTheSameCentroid() {
        RetrievalCache cache = new RetrievalCache(10);
        RetrievalCache.Hits searched = hits(42, null);

        cache.put(searched);

        assertThat(cache.find(42, VERSION, "ann")).isSameAs(searched);
        assertThat(cache.find(42, VERSION, "bob")).isSameAs(searched);
        assertThat(cache.find(43, VERSION, "ann")).isNull();
    }

    @Test
    void shouldServeTheHitsOfASearchThatLeftOneUsersSeenItemsOutToThatUserOnly() {
        RetrievalCache cache = new RetrievalCache(10);
        RetrievalCache.Hits searched = hits(42, "ann");

        cache.put(searched);

        assertThat(cache.find(42, VERSION, "ann")).isSameAs(searched);
        assertThat(cache.find(42, VERSION, "bob")).isNull();
    }

    @Test
    void shouldKeepTheFilteredHitsOfTwoUsersWithTheSameCentroidApart() {
        // Given two users with long histories whose interest has the same centroid (the same first item)
        RetrievalCache cache = new RetrievalCache(10);
        RetrievalCache.Hits ann = hits(42, "ann");
        RetrievalCache.Hits bob = hits(42, "bob");

        // When both searched with their own seen items left out
        cache.put(ann);
        cache.put(bob);

        // Then each keeps their own (they used to replace each other at every refresh)
        assertThat(cache.find(42, VERSION, "ann")).isSameAs(ann);
        assertThat(cache.find(42, VERSION, "bob")).isSameAs(bob);
        assertThat(cache.find(42, VERSION, "cyd")).isNull();
    }

    @Test
    void shouldPreferTheUsersOwnFilteredHitsToSharedOnes() {
        RetrievalCache cache = new RetrievalCache(10);
        RetrievalCache.Hits shared = hits(42, null);
        RetrievalCache.Hits own = hits(42, "ann");
        cache.put(shared);
        cache.put(own);

        assertThat(cache.find(42, VERSION, "ann")).isSameAs(own);
        assertThat(cache.find(42, VERSION, "bob")).isSameAs(shared);
    }

    @Test
    void shouldNotServeHitsOfAnotherCatalogueVersion() {
        RetrievalCache cache = new RetrievalCache(10);
        cache.put(hits(42, null));

        assertThat(cache.find(42, VERSION + 1, "ann")).isNull();
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedCentroidWhenFull() {
        RetrievalCache cache = new RetrievalCache(2);
        cache.put(hits(1, null));
        cache.put(hits(2, null));
        cache.find(1, VERSION, "ann"); // 2 is now the least recently used

        cache.put(hits(3, null));

        assertThat(cache.entries()).isEqualTo(2);
        assertThat(cache.find(1, VERSION, "ann")).isNotNull();
        assertThat(cache.find(2, VERSION, "ann")).isNull();
        assertThat(cache.find(3, VERSION, "ann")).isNotNull();
    }

    @Test
    void shouldKeepNothingWithoutRoom() {
        RetrievalCache.NONE.put(hits(1, null));

        assertThat(RetrievalCache.NONE.find(1, VERSION, "ann")).isNull();
        assertThat(RetrievalCache.NONE.entries()).isZero();
    }
}
