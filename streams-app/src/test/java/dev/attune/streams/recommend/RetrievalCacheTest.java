package dev.attune.streams.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.streams.catalogue.VectorIndex;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/** Which cached hits a refresh may use: same centroid and catalogue version, and not another user's filtered search. */
class RetrievalCacheTest {

    static {
        // JOL reads a record's field offsets this way (Unsafe refuses records); set before JOL first loads
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private static final long VERSION = 7;
    private static final long MIB = 1 << 20;

    /** Hits searched with centroid number {@code centroid} (its codes: that number and a 1). */
    private static RetrievalCache.Hits hits(int centroid, String filteredFor) {
        return RetrievalCache.of(codes(centroid), VERSION,
                List.of(new VectorIndex.Hit("item-1", 0.9f, new float[] {1, 0}, 0)), false, filteredFor);
    }

    private static byte[] codes(int centroid) {
        return new byte[] {(byte) centroid, 1};
    }

    private static long hash(int centroid) {
        return RetrievalCache.hash(codes(centroid));
    }

    @Test
    void shouldServeEveryUserTheHitsOfAnUnfilteredSearchOfTheSameCentroid() {
        RetrievalCache cache = new RetrievalCache(MIB, 1);
        RetrievalCache.Hits searched = hits(42, null);

        cache.put(searched);

        assertThat(cache.find(hash(42), VERSION, "ann")).isSameAs(searched);
        assertThat(cache.find(hash(42), VERSION, "bob")).isSameAs(searched);
        assertThat(cache.find(hash(43), VERSION, "ann")).isNull();
    }

    @Test
    void shouldServeTheHitsOfASearchThatLeftOneUsersSeenItemsOutToThatUserOnly() {
        RetrievalCache cache = new RetrievalCache(MIB, 1);
        RetrievalCache.Hits searched = hits(42, "ann");

        cache.put(searched);

        assertThat(cache.find(hash(42), VERSION, "ann")).isSameAs(searched);
        assertThat(cache.find(hash(42), VERSION, "bob")).isNull();
    }

    @Test
    void shouldKeepTheFilteredHitsOfTwoUsersWithTheSameCentroidApart() {
        // Given two users with long histories whose interest has the same centroid (the same first item)
        RetrievalCache cache = new RetrievalCache(MIB, 1);
        RetrievalCache.Hits ann = hits(42, "ann");
        RetrievalCache.Hits bob = hits(42, "bob");

        // When both searched with their own seen items left out
        cache.put(ann);
        cache.put(bob);

        // Then each keeps their own (they used to replace each other at every refresh)
        assertThat(cache.find(hash(42), VERSION, "ann")).isSameAs(ann);
        assertThat(cache.find(hash(42), VERSION, "bob")).isSameAs(bob);
        assertThat(cache.find(hash(42), VERSION, "cyd")).isNull();
    }

    @Test
    void shouldPreferTheUsersOwnFilteredHitsToSharedOnes() {
        RetrievalCache cache = new RetrievalCache(MIB, 1);
        RetrievalCache.Hits shared = hits(42, null);
        RetrievalCache.Hits own = hits(42, "ann");
        cache.put(shared);
        cache.put(own);

        assertThat(cache.find(hash(42), VERSION, "ann")).isSameAs(own);
        assertThat(cache.find(hash(42), VERSION, "bob")).isSameAs(shared);
    }

    @Test
    void shouldNotServeHitsOfAnotherCatalogueVersion() {
        RetrievalCache cache = new RetrievalCache(MIB, 1);
        cache.put(hits(42, null));

        assertThat(cache.find(hash(42), VERSION + 1, "ann")).isNull();
    }

    @Test
    void shouldShareHitsBetweenTheTasksOfAnInstanceAndCountEachTasksOwn() {
        // Given two tasks' caches over one instance's hits
        RetrievalCache.Shared instance = new RetrievalCache.Shared(MIB, 1);
        RetrievalCache first = new RetrievalCache(instance);
        RetrievalCache second = new RetrievalCache(instance);
        RetrievalCache.Hits searched = hits(42, null);

        // When the first task searches and the second finds the same centroid
        first.put(searched);
        first.count(RetrievalCache.Source.SEARCH);
        second.count(RetrievalCache.Source.SAME_CENTROID);

        // Then the second reuses the first's hits, and each counts only its own
        assertThat(second.find(hash(42), VERSION, "bob")).isSameAs(searched);
        assertThat(first.searches()).isEqualTo(1);
        assertThat(first.reuses()).isZero();
        assertThat(second.searches()).isZero();
        assertThat(second.reuses()).isEqualTo(1);
    }

    @Test
    void shouldExportTheInstancesHeldAndMostHeapOnMetrics() {
        // Given an instance's cache on a Prometheus registry, holding one centroid's hits
        RetrievalCache.Shared instance = new RetrievalCache.Shared(MIB, 1);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RetrievalCacheMeters.bind(registry, instance);
        RetrievalCache.Hits searched = hits(42, null);
        new RetrievalCache(instance).put(searched);
        instance.cleanUp();

        // When /metrics is scraped
        String scraped = registry.scrape();

        // Then it shows the hits' weight and the bound, in bytes
        assertThat(instance.bytes()).isEqualTo(searched.bytes());
        assertThat(scraped).contains("attune_refresh_cache_heap_bytes " + (double) searched.bytes(),
                "attune_refresh_cache_heap_max_bytes " + (double) MIB);
    }

    @Test
    void shouldHoldNoMoreHeapThanItsBudget() {
        // Given room for about ten centroids' hits of this size
        long each = hits(1, null).bytes();
        RetrievalCache cache = new RetrievalCache(2 * 10 * each + each / 2, 1);

        // When a hundred are searched, each found again once (as a returning user's next refresh would)
        for (int centroid = 0; centroid < 100; centroid++) {
            cache.put(hits(centroid, null));
            cache.find(hash(centroid), VERSION, "ann");
        }

        // Then ten are kept, within the budget's half for hits by centroid (which ten, Caffeine's policy decides)
        assertThat(cache.entries()).isEqualTo(10);
        assertThat(cache.bytes()).isEqualTo(10 * each);
        assertThat(IntStream.range(0, 100).filter(c -> cache.find(hash(c), VERSION, "ann") != null)).hasSize(10);
    }

    @Test
    void shouldWeighHitsAsTheHeapLaysThemOut() {
        // Given hits of an interest's quota, as a search of a 384-dimension index returns them
        List<VectorIndex.Hit> found = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            found.add(new VectorIndex.Hit("item-" + i, 0.5f, new float[384], i));
        }
        RetrievalCache.Hits hits = RetrievalCache.of(new byte[384], VERSION, found, false, null);

        // Then their weight is what they hold beyond the catalogue's own items (each array element a root: the items,
        // not the hits' array of them), plus a cache entry, which the layout cannot see
        GraphLayout all = GraphLayout.parseInstance(hits);
        GraphLayout catalogues = GraphLayout.parseInstance((Object[]) hits.items());
        long held = all.subtract(catalogues).totalSize();
        assertThat(hits.bytes()).isBetween(held + 50, held + 100);
    }

    @Test
    void shouldKeepNothingWithoutRoom() {
        RetrievalCache.NONE.put(hits(1, null));

        assertThat(RetrievalCache.NONE.find(hash(1), VERSION, "ann")).isNull();
        assertThat(RetrievalCache.NONE.entries()).isZero();
    }

    @Test
    void shouldFindCentroidsByTheirCodesSoThatTheLastBitOfAFloatDoesNotMatter() {
        float[] centroid = {0.6f, 0.8f, 0f};
        float[] decodedAgain = {Math.nextUp(0.6f), Math.nextDown(0.8f), 0f};
        float[] moved = {0.62f, 0.78f, 0f};

        assertThat(RetrievalCache.hash(RetrievalCache.codes(decodedAgain)))
                .isEqualTo(RetrievalCache.hash(RetrievalCache.codes(centroid)));
        assertThat(RetrievalCache.hash(RetrievalCache.codes(moved)))
                .isNotEqualTo(RetrievalCache.hash(RetrievalCache.codes(centroid)));
        // And the centroid's hash, made without its codes, is its codes' hash
        for (float[] c : List.of(centroid, decodedAgain, moved, new float[] {-0.3f, 0.1f, -0.9f}, new float[3])) {
            assertThat(RetrievalCache.hash(c)).isEqualTo(RetrievalCache.hash(RetrievalCache.codes(c)));
        }
    }

    /** Hits searched with {@code centroid}: item-a nearest, then item-b, then item-c. */
    private static RetrievalCache.Hits searchedWith(float[] centroid, String filteredFor) {
        return RetrievalCache.of(RetrievalCache.codes(centroid), VERSION, List.of(
                new VectorIndex.Hit("item-a", 1f, new float[] {1, 0, 0}, 0),
                new VectorIndex.Hit("item-b", 0.9f, new float[] {0.9f, 0.436f, 0}, 1),
                new VectorIndex.Hit("item-c", 0.8f, new float[] {0.8f, 0, 0.6f}, 2)), false, filteredFor);
    }

    @Test
    void shouldOfferTheHitsLastSearchedForAUsersInterestWhileItsCentroidStaysNearTheSearchedOne() {
        // Given hits searched with centroid (1, 0, 0) for ann's interest 3
        RetrievalCache cache = new RetrievalCache(MIB, 0.99);
        RetrievalCache.Hits searched = searchedWith(new float[] {1, 0, 0}, null);
        cache.remember("ann", 3, searched);

        // Then a centroid moved to cosine 0.995 gets them, one moved to 0.98 does not
        float[] near = {0.995f, 0.0999f, 0};
        float[] far = {0.98f, 0.199f, 0};
        assertThat(cache.nearby("ann", 3, near, VERSION)).isSameAs(searched);
        assertThat(cache.nearby("ann", 3, far, VERSION)).isNull();
        // And only for that user's that interest, at that catalogue version
        assertThat(cache.nearby("bob", 3, near, VERSION)).isNull();
        assertThat(cache.nearby("ann", 4, near, VERSION)).isNull();
        assertThat(cache.nearby("ann", 3, near, VERSION + 1)).isNull();
    }

    @Test
    void shouldCompareAnInterestDriftingBySmallStepsWithWhereItsHitsWereSearched() {
        // Given hits searched with (1, 0, 0), then re-ranked for a step to cosine 0.995
        RetrievalCache cache = new RetrievalCache(MIB, 0.99);
        RetrievalCache.Hits searched = searchedWith(new float[] {1, 0, 0}, null);
        float[] firstStep = {0.995f, 0.0999f, 0};
        RetrievalCache.Hits reranked = RetrievalCache.reranked(searched, firstStep,
                RetrievalCache.hash(RetrievalCache.codes(firstStep)));
        cache.put(reranked);
        cache.remember("ann", 3, reranked);

        // When the interest takes another such step: cosine 0.995 from the first, 0.98 from the searched centroid
        float[] secondStep = {0.98f, 0.199f, 0};

        // Then it is too far from where its hits were searched to reuse them
        assertThat(cache.nearby("ann", 3, firstStep, VERSION)).isSameAs(reranked);
        assertThat(cache.nearby("ann", 3, secondStep, VERSION)).isNull();
    }

    @Test
    void shouldOfferNoNearbyHitsAtACosineOfOne() {
        RetrievalCache cache = new RetrievalCache(MIB, 1);
        float[] centroid = {1, 0, 0};
        cache.remember("ann", 3, searchedWith(centroid, null));

        assertThat(cache.nearby("ann", 3, centroid, VERSION)).isNull();
    }

    @Test
    void shouldRerankHitsByTheMovedCentroid() {
        RetrievalCache.Hits searched = searchedWith(new float[] {1, 0, 0}, "ann");

        // When the centroid moved towards the third axis, item-c (0.8, 0, 0.6) overtakes item-b (0.9, 0.436, 0)
        float[] moved = {0.8f, 0, 0.6f};
        long movedHash = RetrievalCache.hash(RetrievalCache.codes(moved));
        RetrievalCache.Hits reranked = RetrievalCache.reranked(searched, moved, movedHash);

        assertThat(reranked.items()).extracting(VectorIndex.Item::id).containsExactly("item-c", "item-a", "item-b");
        assertThat(reranked.items()).extracting(VectorIndex.Item::slot).containsExactly(2, 0, 1);
        assertThat(reranked.items()[0]).isSameAs(searched.items()[2]);
        // And it is found by the moved centroid, yet keeps what it was searched with and for
        assertThat(reranked.centroidHash()).isEqualTo(movedHash);
        assertThat(reranked.centroidCodes()).isSameAs(searched.centroidCodes());
        assertThat(reranked.filteredFor()).isEqualTo("ann");
    }

    @Test
    void shouldCountNearbyReusesAmongReuses() {
        RetrievalCache cache = new RetrievalCache(MIB, 0.99);

        cache.count(RetrievalCache.Source.SEARCH);
        cache.count(RetrievalCache.Source.SAME_CENTROID);
        cache.count(RetrievalCache.Source.NEARBY_CENTROID);

        assertThat(cache.searches()).isEqualTo(1);
        assertThat(cache.reuses()).isEqualTo(2);
        assertThat(cache.nearbyReuses()).isEqualTo(1);
    }
}
