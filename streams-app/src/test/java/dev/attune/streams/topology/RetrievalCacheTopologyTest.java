package dev.attune.streams.topology;

import static dev.attune.streams.testing.Events.click;
import static dev.attune.streams.testing.Events.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.EventKind;
import dev.attune.schema.ItemVector;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.model.SeenFilter;
import dev.attune.streams.processor.RefreshMetrics;
import dev.attune.streams.testing.Driver;
import dev.attune.streams.testing.VectorSpace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refresher's cache of vector-search hits ({@code refresh.cache.bytes}), through the whole topology: a refresh
 * that reuses the hits of unchanged interests gives the list a refresh that searches every interest gives, and an
 * item added to the catalogue reaches a list through an interest whose cached hits predate it; and a fresh search
 * that the seen filter leaves short of its quota still makes a list.
 */
class RetrievalCacheTopologyTest {

    private static final Instant T0 = Instant.parse("2026-02-20T10:00:00Z");
    private static final long MIB = 1 << 20;
    private static final List<String> GENRES = List.of("scifi", "drama", "comedy", "horror");

    @TempDir
    Path cachedDir;
    @TempDir
    Path uncachedDir;

    private final VectorSpace space = new VectorSpace(5);
    /** One catalogue for every driver of a test (the space draws new noise on every call). */
    private final List<ItemVector> catalogue = new ArrayList<>();

    RetrievalCacheTopologyTest() {
        for (String genre : GENRES) {
            for (int i = 0; i < 40; i++) {
                catalogue.add(item(String.format("%s-%02d", genre, i), genre + " " + i, List.of(genre),
                        space.mix(0.8, genre, 1)));
            }
        }
    }

    /**
     * Content only (no popularity, no co-occurrence), so the vector searches alone decide the lists; a small
     * candidate pool, so that each interest's search fetches only a part of its genre.
     */
    private Driver start(Path dir, long cacheBytes) {
        return start(dir, cacheBytes, 0.995);
    }

    private Driver start(Path dir, long cacheBytes, double nearbyMinCosine) {
        Driver d = new Driver(dir, Map.of(StreamsAppConfig.REFRESH_CACHE_BYTES, cacheBytes,
                StreamsAppConfig.REFRESH_CACHE_NEARBY_MIN_COSINE, nearbyMinCosine,
                StreamsAppConfig.RECOMMEND_CANDIDATE_POOL, 24, StreamsAppConfig.RECOMMEND_MIN_QUOTA, 6,
                StreamsAppConfig.RECOMMEND_TOP_N, 10,
                StreamsAppConfig.RECOMMEND_POPULARITY_WEIGHT, 0.0, StreamsAppConfig.RECOMMEND_POPULARITY_CANDIDATES, 0,
                StreamsAppConfig.RECOMMEND_COOCCURRENCE_WEIGHT, 0.0, StreamsAppConfig.COOCCURRENCE_WINDOW, 0));
        catalogue.forEach(d::item);
        return d;
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void shouldGiveTheListsOfASearchOfEveryInterest() {
        // Given the same random clicks of five users on four genres, with and without the cache
        Random random = new Random(3);
        List<String[]> clicks = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            clicks.add(new String[] {"user-" + random.nextInt(5),
                    String.format("%s-%02d", GENRES.get(random.nextInt(GENRES.size())), random.nextInt(40))});
        }
        // (only unmoved centroids reuse hits: a nearby one's re-ranked hits may differ at the interest's boundary)
        try (Driver cached = start(cachedDir, MIB, 1.0); Driver uncached = start(uncachedDir, 0)) {
            // When each click is followed by a refresh (the cache is used from a user's second refresh on)
            for (int i = 0; i < clicks.size(); i++) {
                for (Driver d : List.of(cached, uncached)) {
                    d.click(click(clicks.get(i)[0], clicks.get(i)[1], EventKind.LIKE, at(i)));
                    d.settle();
                }
                // Then every list is the same
                String user = clicks.get(i)[0];
                assertThat(cached.latestItemIds(user)).as("after click %d", i).hasSize(10)
                        .isEqualTo(uncached.latestItemIds(user));
            }
            // And the cache's refreshes searched fewer interests, as the refresh metrics report
            String group = RefreshMetrics.GROUP;
            assertThat(cached.metricTotal(group, "refreshes-total")).isEqualTo(clicks.size())
                    .isEqualTo(uncached.metricTotal(group, "refreshes-total"));
            assertThat(uncached.metricTotal(group, "interest-reuses-total")).isZero();
            assertThat(cached.metricTotal(group, "interest-reuses-total")).isPositive();
            assertThat(cached.metricTotal(group, "interest-searches-total") + cached.metricTotal(group, "interest-reuses-total"))
                    .isEqualTo(uncached.metricTotal(group, "interest-searches-total"));
        }
    }

    @Test
    void shouldServeNewUsersWhoseFirstClickIsTheSameItemFromOneSearch() {
        try (Driver cached = start(cachedDir, MIB); Driver uncached = start(uncachedDir, 0)) {
            // When three new users like the same item first (each interest's centroid is that item's vector)
            for (String user : List.of("ann", "bob", "cyd")) {
                for (Driver d : List.of(cached, uncached)) {
                    d.click(click(user, "drama-07", EventKind.LIKE, at(0)));
                    d.settle();
                }
                // Then each gets the list a search of their own gives
                assertThat(cached.latestItemIds(user)).as(user).hasSize(10).isEqualTo(uncached.latestItemIds(user));
            }
            // And only the first one's refresh searched
            String group = RefreshMetrics.GROUP;
            assertThat(cached.metricTotal(group, "interest-searches-total")).isEqualTo(1);
            assertThat(cached.metricTotal(group, "interest-reuses-total")).isEqualTo(2);
        }
    }

    @Test
    void shouldFindAnItemAddedNearAnInterestWhoseHitsWereCached() {
        try (Driver d = start(cachedDir, MIB)) {
            // Given a user with a sci-fi and a drama interest, refreshed (the sci-fi hits cached)
            d.click(click("ann", "scifi-01", EventKind.LIKE, at(0)));
            d.settle();
            d.click(click("ann", "drama-01", EventKind.LIKE, at(1)));
            d.settle();
            assertThat(d.latestItemIds("ann")).isNotEmpty().doesNotContain("scifi-new");

            // When an item lands right on the sci-fi direction, and a drama click (only) triggers the next refresh
            d.item(item("scifi-new", "new scifi", List.of("scifi"), space.direction("scifi")));
            d.click(click("ann", "drama-02", EventKind.LIKE, at(2)));
            d.settle();

            // Then the sci-fi interest was searched again: the new item is in the list
            assertThat(d.latestItemIds("ann")).contains("scifi-new");
        }
    }

    @Test
    void shouldMakeAListWhenTheSeenFilterHidesAnUnseenHitOfAFreshSearch() {
        // Given a user who will like 20 items side by side (a short history: each search asks for the seen items
        // too) and an unseen item next to them whose id the user's seen filter will claim: the filter's false
        // positive, searched for among made-up ids
        List<String> liked = IntStream.range(0, 20).mapToObj(i -> "liked-" + i).toList();
        SeenFilter seen = SeenFilter.empty();
        liked.forEach(seen::add);
        String hidden = IntStream.iterate(0, i -> i + 1).mapToObj(i -> "unseen-" + i).filter(seen::mightContain)
                .findFirst().orElseThrow();
        try (Driver d = start(cachedDir, MIB)) {
            liked.forEach(id -> d.item(item(id, "liked " + id, List.of("scifi"), space.mix(0.05, "scifi", 1))));
            d.item(item(hidden, "its neighbour", List.of("scifi"), space.mix(0.05, "scifi", 1)));

            // When the user likes them: the last search asks for the quota (24) plus the 20 seen items, and the filter
            // hides one more
            for (int i = 0; i < liked.size(); i++) {
                d.click(click("ann", liked.get(i), EventKind.LIKE, at(i)));
                d.settle();
            }

            // Then the refresh makes a full list from the hits it has (it used to fail on the short take)
            assertThat(d.latestItemIds("ann")).hasSize(10).doesNotContain(hidden).doesNotContainAnyElementsOf(liked);
        }
    }

    /** 150 random likes of five users on two genres: their interests move a little at most clicks. */
    private static List<String[]> likesOnTwoGenres() {
        Random random = new Random(3);
        List<String[]> clicks = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            clicks.add(new String[] {"user-" + random.nextInt(5),
                    String.format("%s-%02d", GENRES.get(random.nextInt(2)), random.nextInt(40))});
        }
        return clicks;
    }

    /** Each like, followed by a refresh, through both drivers; the items the lists of the two share, per like. */
    private static List<Integer> sharedItemsPerList(Driver cached, Driver uncached, List<String[]> likes) {
        List<Integer> shared = new ArrayList<>();
        for (int i = 0; i < likes.size(); i++) {
            for (Driver d : List.of(cached, uncached)) {
                d.click(click(likes.get(i)[0], likes.get(i)[1], EventKind.LIKE, at(i)));
                d.settle();
            }
            List<String> fresh = uncached.latestItemIds(likes.get(i)[0]);
            List<String> reused = cached.latestItemIds(likes.get(i)[0]);
            assertThat(reused).as("after like %d", i).hasSize(10);
            shared.add((int) reused.stream().filter(fresh::contains).count());
            if (reused.size() == fresh.size() && shared.get(i) == fresh.size()) {
                assertThat(reused).as("after like %d, the same items in the same order", i).isEqualTo(fresh);
            }
        }
        return shared;
    }

    @Test
    void shouldGiveTheListsOfAFreshSearchWhenAMovedInterestReusesItsHitsReranked() {
        // Given interests that reuse their last hits while within cosine 0.999 of the centroid they were searched with
        List<String[]> likes = likesOnTwoGenres();
        try (Driver cached = start(cachedDir, MIB, 0.999); Driver uncached = start(uncachedDir, 0)) {
            // When each like is followed by a refresh
            List<Integer> shared = sharedItemsPerList(cached, uncached, likes);

            // Then every list is the one a search of every interest gives (not so with the hits left in the old
            // centroid's order)
            assertThat(shared).allMatch(n -> n == 10);
            // And at a tenth of the refreshes or more, a moved interest's candidates came from its hits re-ranked
            String group = RefreshMetrics.GROUP;
            double nearby = cached.metricTotal(group, "interest-nearby-reuses-total");
            assertThat(nearby).isGreaterThanOrEqualTo(likes.size() / 10);
            assertThat(cached.metricTotal(group, "interest-reuses-total")).isGreaterThan(nearby);
            assertThat(cached.metricTotal(group, "interest-searches-total") + cached.metricTotal(group, "interest-reuses-total"))
                    .isEqualTo(uncached.metricTotal(group, "interest-searches-total"));
        }
    }

    @Test
    void shouldDifferFromAFreshSearchOnlyAtTheInterestsBoundaryWhenReusingFartherHits() {
        // Given interests that reuse their last hits while within cosine 0.99
        List<String[]> likes = likesOnTwoGenres();
        try (Driver cached = start(cachedDir, MIB, 0.99); Driver uncached = start(uncachedDir, 0)) {
            // When each like is followed by a refresh
            List<Integer> shared = sharedItemsPerList(cached, uncached, likes);

            // Then every list shares at least 9 of its 10 items with a fresh search's (not so with the hits left in
            // the old centroid's order)
            assertThat(shared).allMatch(n -> n >= 9);
            assertThat(cached.metricTotal(RefreshMetrics.GROUP, "interest-nearby-reuses-total"))
                    .isGreaterThanOrEqualTo(likes.size() / 10);
        }
    }
}
