package dev.attune.streams.topology;

import static dev.attune.streams.testing.Events.click;
import static dev.attune.streams.testing.Events.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.EventKind;
import dev.attune.schema.Interest;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.processor.CooccurrenceStore;
import dev.attune.streams.testing.Driver;
import dev.attune.streams.testing.VectorSpace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The co-occurrence ("users who liked this also liked") term, through the whole topology (TopologyTestDriver). */
class CooccurrenceTopologyTest {

    private static final Instant T0 = Instant.parse("2026-02-20T10:00:00Z");

    @TempDir
    Path stateDir;

    private final VectorSpace space = new VectorSpace(11);
    private Driver d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    /** No popularity prior, so a far item can only come in through co-occurrence. */
    private void start(double cooccurrenceWeight) {
        start(cooccurrenceWeight, 10, 100);
    }

    private void start(double cooccurrenceWeight, int cooccurrenceCandidates, int candidatePool) {
        start(cooccurrenceWeight, cooccurrenceCandidates, candidatePool, 10);
    }

    private void start(double cooccurrenceWeight, int cooccurrenceCandidates, int candidatePool, int minQuota) {
        d = new Driver(stateDir, Map.of(StreamsAppConfig.RECOMMEND_POPULARITY_WEIGHT, 0.0,
                StreamsAppConfig.RECOMMEND_POPULARITY_CANDIDATES, 0,
                StreamsAppConfig.RECOMMEND_COOCCURRENCE_WEIGHT, cooccurrenceWeight,
                StreamsAppConfig.RECOMMEND_COOCCURRENCE_CANDIDATES, cooccurrenceCandidates,
                StreamsAppConfig.RECOMMEND_CANDIDATE_POOL, candidatePool,
                StreamsAppConfig.RECOMMEND_MIN_QUOTA, minQuota));
        for (String genre : List.of("scifi", "drama")) {
            for (int i = 0; i < 40; i++) {
                d.item(item(String.format("%s-%02d", genre, i), genre + " " + i, List.of(genre), space.mix(0.8, genre, 1)));
            }
        }
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** Four users like three sci-fi films, then one drama; "ann" then likes the same three sci-fi films. */
    private void othersCoLikeADramaWithAnnsSciFi() {
        othersCoLikeWithAnnsSciFi("drama-07");
    }

    /** Four users like three sci-fi films, then {@code coLiked}; "ann" then likes the same three sci-fi films. */
    private void othersCoLikeWithAnnsSciFi(String coLiked) {
        int minute = 0;
        for (String user : List.of("bob", "cat", "dan", "eve")) {
            for (String item : List.of("scifi-00", "scifi-01", "scifi-02", coLiked)) {
                d.click(click(user, item, EventKind.LIKE, at(minute++)));
            }
        }
        for (String item : List.of("scifi-00", "scifi-01", "scifi-02")) {
            d.click(click("ann", item, EventKind.LIKE, at(minute++)));
        }
        d.settle();
    }

    @Test
    void shouldRecommendAnItemOthersCoLikedEvenFarFromTheUsersInterests() {
        start(2.0);

        othersCoLikeADramaWithAnnsSciFi();

        assertThat(d.interests().get("ann").getInterests()).extracting(Interest::getLabel)
                .allSatisfy(l -> assertThat(l).containsIgnoringCase("scifi"));
        List<String> ids = d.latestItemIds("ann");
        assertThat(ids).hasSize(20).contains("drama-07");
        assertThat(ids.stream().filter(id -> id.startsWith("drama-"))).containsExactly("drama-07");
    }

    @Test
    void shouldTakeTheNextCoLikedItemWhenTheBestOneLeftTheCatalogue() {
        start(2.0, 1, 20); // the vector search finds sci-fi films only: a drama comes in through co-occurrence alone

        // Given drama-07 co-liked by four users, drama-08 by two, then drama-07 deleted from the catalogue
        int minute = 0;
        for (String user : List.of("bob", "cat", "dan", "eve")) {
            for (String item : List.of("scifi-00", "drama-07")) {
                d.click(click(user, item, EventKind.LIKE, at(minute++)));
            }
        }
        for (String user : List.of("bob", "cat")) {
            d.click(click(user, "drama-08", EventKind.LIKE, at(minute++)));
        }
        d.items.pipeInput("drama-07", null);

        // When ann likes scifi-00, the one co-occurring candidate asked for is the best of those with a vector
        d.click(click("ann", "scifi-00", EventKind.LIKE, at(minute)));
        d.settle();

        assertThat(d.latestItemIds("ann").stream().filter(id -> id.startsWith("drama-"))).containsExactly("drama-08");
    }

    @ParameterizedTest(name = "min quota {0}")
    @ValueSource(ints = {10, 60})
    void shouldGiveACoLikedItemTheVectorSearchAlsoFoundItsCollaborativeScore(int minQuota) {
        // 60: one interest's quota alone is twice the candidates the pool was sized for, so it grows while filling
        start(2.0, 10, 10, minQuota);

        // Given scifi-17, near ann's interest, co-liked with her three films by four users
        othersCoLikeWithAnnsSciFi("scifi-17");

        // Then, a candidate of the vector search too, it still gets the co-occurrence term: first of ann's list
        assertThat(d.latestItemIds("ann")).first().isEqualTo("scifi-17");
    }

    @Test
    void shouldNotRecommendTheCoLikedItemWithTheCooccurrenceTermOff() {
        start(0.0);

        othersCoLikeADramaWithAnnsSciFi();

        assertThat(d.latestItemIds("ann")).hasSize(20).doesNotContain("drama-07");
    }

    @Test
    void shouldCountPairsOfPositiveClicksOnlyInBothItemsRows() {
        start(2.0);

        d.click(click("ann", "scifi-00", EventKind.LIKE, at(0)));
        d.click(click("ann", "scifi-01", EventKind.VIEW, at(1)));
        d.click(click("ann", "scifi-02", EventKind.DISLIKE, at(2)));
        d.click(click("ann", "drama-07", EventKind.LIKE, at(3)));

        // the driver commits after each record: the rows are in the store
        CooccurrenceStore rows = (CooccurrenceStore) d.driver.getStateStore(StoreNames.ITEM_COOCCURRENCE);
        assertThat(rows.cooccurring("drama-07")).containsOnly(Map.entry("scifi-00", 1L));
        assertThat(rows.cooccurring("scifi-00")).containsOnly(Map.entry("drama-07", 1L));
        assertThat(rows.cooccurring("scifi-01")).isEmpty();
        assertThat(rows.cooccurring("scifi-02")).isEmpty();
    }
}
