package dev.attune.streams.topology;

import static dev.attune.streams.testing.Events.click;
import static dev.attune.streams.testing.Events.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.EventKind;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.testing.Driver;
import dev.attune.streams.testing.VectorSpace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The popularity prior and the all-seen filter, through the whole topology (TopologyTestDriver). */
class PopularityTopologyTest {

    private static final Instant T0 = Instant.parse("2026-02-20T10:00:00Z");

    @TempDir
    Path stateDir;

    private final VectorSpace space = new VectorSpace(7);
    private Driver d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    private void start(Map<String, Object> overrides) {
        d = new Driver(stateDir, overrides);
        for (String genre : List.of("scifi", "drama")) {
            for (int i = 0; i < 40; i++) {
                d.item(item(String.format("%s-%02d", genre, i), genre + " " + i, List.of(genre), space.mix(0.8, genre, 1)));
            }
        }
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** 30 other users like one drama; "sci" likes five sci-fi films and nothing else. */
    private void aDramaHitAndASciFiFan() {
        for (int u = 0; u < 30; u++) {
            d.click(click("fan-" + u, "drama-07", EventKind.LIKE, at(u)));
        }
        for (int i = 0; i < 5; i++) {
            d.click(click("sci", "scifi-0" + i, EventKind.LIKE, at(40 + i)));
        }
        d.settle();
    }

    /** A small vector search (the 15 nearest items: sci-fi only), so drama-07 can only come in as a popular candidate. */
    private static Map<String, Object> narrowSearch(double weight, int popularCandidates) {
        return Map.of(StreamsAppConfig.RECOMMEND_CANDIDATE_POOL, 10, StreamsAppConfig.RECOMMEND_MIN_QUOTA, 10,
                StreamsAppConfig.RECOMMEND_POPULARITY_WEIGHT, weight,
                StreamsAppConfig.RECOMMEND_POPULARITY_CANDIDATES, popularCandidates);
    }

    @Test
    void shouldRecommendAWidelyLikedItemFarFromTheUsersInterestsWhenPopularityIsWeighted() {
        start(narrowSearch(1.0, 100));
        aDramaHitAndASciFiFan();

        assertThat(d.latestItemIds("sci")).contains("drama-07");
        KeyValueStore<String, Long> counts = d.driver.getKeyValueStore(StoreNames.ITEM_CLICK_COUNTS);
        assertThat(counts.get("drama-07")).isEqualTo(30L);
        assertThat(counts.get("scifi-00")).isEqualTo(1L);
    }

    @Test
    void shouldRankByContentAloneWhenThePopularityWeightAndCandidatesAreZero() {
        start(narrowSearch(0.0, 0));
        aDramaHitAndASciFiFan();

        assertThat(d.latestItemIds("sci")).isNotEmpty().allMatch(id -> id.startsWith("scifi-"));
    }

    @Test
    void shouldNotReachAPopularItemFarFromEveryInterestWithoutPopularCandidates() {
        start(narrowSearch(1.0, 0));
        aDramaHitAndASciFiFan();

        assertThat(d.latestItemIds("sci")).isNotEmpty().doesNotContain("drama-07");
    }

    @Test
    void shouldRankAPopularCandidateAboveAnEquallySimilarUnpopularOne() {
        start(Map.of(StreamsAppConfig.RECOMMEND_MMR_LAMBDA, 1.0));
        for (int u = 0; u < 10; u++) {
            d.click(click("fan-" + u, "scifi-39", EventKind.PURCHASE, at(u)));
        }
        for (int i = 0; i < 5; i++) {
            d.click(click("sci", "scifi-0" + i, EventKind.LIKE, at(40 + i)));
        }
        d.settle();

        assertThat(d.latestItemIds("sci").get(0)).isEqualTo("scifi-39");
    }

    @Test
    void shouldNotCountViewsDislikesOrClicksOnItemsWithoutAVector() {
        start(Map.of());
        d.click(click("u", "drama-01", EventKind.VIEW, at(0)));
        d.click(click("u", "drama-02", EventKind.DISLIKE, at(1)));
        d.click(click("u", "not-yet-embedded", EventKind.LIKE, at(2)));

        KeyValueStore<String, Long> counts = d.driver.getKeyValueStore(StoreNames.ITEM_CLICK_COUNTS);
        assertThat(counts.get("drama-01")).isNull();
        assertThat(counts.get("drama-02")).isNull();
        assertThat(counts.get("not-yet-embedded")).isNull();
    }

    @Test
    void shouldNeverRecommendAnItemTheUserInteractedWithEvenLongAfterItLeftTheRecentList() {
        start(Map.of(StreamsAppConfig.INTEREST_RECENT_MAX, 5));
        for (int i = 0; i < 30; i++) {
            d.click(click("heavy", String.format("scifi-%02d", i), EventKind.LIKE, at(i)));
        }
        d.settle();

        List<String> ids = d.latestItemIds("heavy");
        assertThat(d.interests().get("heavy").getRecent()).hasSize(5);
        assertThat(ids).isNotEmpty();
        for (int i = 0; i < 30; i++) {
            assertThat(ids).doesNotContain(String.format("scifi-%02d", i));
        }
    }
}
