package dev.attune.streams.topology;

import static dev.attune.streams.testing.Events.click;
import static dev.attune.streams.testing.Events.facet;
import static dev.attune.streams.testing.Events.item;
import static dev.attune.streams.testing.Events.query;
import static dev.attune.streams.testing.Events.term;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.kafka.DeadLetters;
import dev.attune.schema.EventKind;
import dev.attune.schema.ExplanationRequest;
import dev.attune.schema.Interaction;
import dev.attune.schema.Interest;
import dev.attune.schema.Polarity;
import dev.attune.schema.Recommendations;
import dev.attune.schema.RecommendedItem;
import dev.attune.schema.TermSource;
import dev.attune.schema.UserInterests;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.testing.Driver;
import dev.attune.streams.testing.VectorSpace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The done-when scenarios of the interest engine, end to end through the topology (TopologyTestDriver). */
class AttuneTopologyTest {

    private static final Instant T0 = Instant.parse("2026-02-20T10:00:00Z");

    @TempDir
    Path stateDir;

    private final VectorSpace space = new VectorSpace(42);
    private Driver d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    private Driver start(Map<String, Object> overrides) {
        d = new Driver(stateDir, overrides);
        d.terms.pipeInput("sci-fi", term("Sci-Fi", TermSource.CATEGORY, space.direction("scifi")));
        d.terms.pipeInput("comedy", term("Comedy", TermSource.CATEGORY, space.direction("comedy")));
        d.terms.pipeInput("drama", term("Drama", TermSource.CATEGORY, space.direction("drama")));
        d.terms.pipeInput("space horror", term("space horror", TermSource.TAG, space.mix(0, "scifi", 0.6, "spacehorror", 1)));
        d.terms.pipeInput("stand-up", term("stand-up", TermSource.TAG, space.mix(0, "comedy", 0.6, "standup", 1)));
        return d;
    }

    private void catalogue(String genre, String label, int count, double noise) {
        for (int i = 0; i < count; i++) {
            d.item(item(String.format("%s-%02d", genre, i), label + " movie " + i, List.of(label),
                    space.mix(noise, genre, 1)));
        }
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static long count(List<String> ids, String prefix) {
        return ids.stream().filter(id -> id.startsWith(prefix)).count();
    }

    @Test
    void shouldFormTwoLabelledInterestsAndRecommendFromBothWhenClicksSpanTwoGenres() {
        start(Map.of());
        catalogue("scifi", "Sci-Fi", 40, 0.8);
        catalogue("comedy", "Comedy", 40, 0.8);
        catalogue("drama", "Drama", 40, 0.8);
        for (int i = 0; i < 5; i++) {
            d.click(click("ann", "scifi-0" + i, EventKind.CLICK, at(i)));
        }
        for (int i = 0; i < 3; i++) {
            d.click(click("ann", "comedy-0" + i, EventKind.LIKE, at(10 + i)));
        }
        d.settle();

        UserInterests state = d.interests().get("ann");
        assertThat(state.getInterests()).hasSize(2);
        assertThat(state.getInterests()).extracting(Interest::getLabel)
                .anySatisfy(l -> assertThat(l).startsWith("Sci-Fi"))
                .anySatisfy(l -> assertThat(l).startsWith("Comedy"));
        List<String> ids = d.latestItemIds("ann");
        assertThat(ids).hasSize(20);
        assertThat(count(ids, "scifi-")).isGreaterThanOrEqualTo(5);
        assertThat(count(ids, "comedy-")).isGreaterThanOrEqualTo(5);
        assertThat(count(ids, "drama-")).isZero();
        Recommendations list = d.latest("ann");
        assertThat(list.getItems()).allSatisfy(item -> assertThat(item.getInterestLabel()).isNotBlank());
        assertThat(list.getItems()).filteredOn(i -> i.getItemId().startsWith("comedy-"))
                .allSatisfy(i -> assertThat(i.getInterestLabel()).startsWith("Comedy"));
        // the store keeps no titles: read back, its list is the one the topic got, titles taken from the catalogue
        assertThat(list).isEqualTo(d.recommendations.readKeyValuesToMap().get("ann"));
        assertThat(list.getItems()).allSatisfy(item -> assertThat(item.getTitle()).contains(" movie "));
    }

    @Test
    void shouldRemoveItemsNearADislikedItemFromTheList() {
        start(Map.of());
        catalogue("scifi", "Sci-Fi", 12, 0.8);
        catalogue("comedy", "Comedy", 40, 0.8);
        for (int i = 0; i < 10; i++) {
            d.item(item("spacehorror-0" + i, "Space horror " + i, List.of("Sci-Fi"),
                    space.mix(0.6, "scifi", 1, "spacehorror", 0.8)));
        }
        for (int i = 0; i < 4; i++) {
            d.click(click("bob", "scifi-0" + i, EventKind.CLICK, at(i)));
        }
        d.settle();
        List<String> before = d.latestItemIds("bob");
        assertThat(count(before, "spacehorror-")).isGreaterThanOrEqualTo(5);

        d.click(click("bob", "spacehorror-00", EventKind.DISLIKE, at(10)));
        d.settle();

        List<String> after = d.latestItemIds("bob");
        assertThat(count(after, "spacehorror-")).isZero();
        assertThat(count(after, "scifi-")).isEqualTo(8);
        // stored by id: the refresher found its direction in the catalogue to push its neighbours out
        assertThat(d.interests().get("bob").getNegatives()).isEmpty();
        assertThat(d.interests().get("bob").getItemNegatives()).singleElement()
                .satisfies(n -> assertThat(n.getItemId()).isEqualTo("spacehorror-00"));
    }

    @Test
    void shouldStoreCentroidsAtTheConfiguredWidthAndKeepRecommendingFromThem() {
        start(Map.of(StreamsAppConfig.INTEREST_CENTROID_BITS, 6));
        catalogue("scifi", "Sci-Fi", 30, 0.8);
        for (int i = 0; i < 4; i++) {
            d.click(click("eve", "scifi-0" + i, EventKind.CLICK, at(i)));
        }
        d.settle();

        assertThat(d.interests().get("eve").getInterests()).isNotEmpty().allSatisfy(interest -> {
            assertThat(interest.getCentroid().getBits()).isEqualTo(6);
            assertThat(interest.getCentroid().getCodes().remaining()).isEqualTo(VectorSpace.DIMENSION * 6 / 8);
        });
        assertThat(count(d.latestItemIds("eve"), "scifi-")).isGreaterThanOrEqualTo(10);
    }

    @Test
    void shouldRecommendANewItemWithOnlyTextToTheUsersItMatchesOnceItsVectorArrives() {
        start(Map.of());
        catalogue("scifi", "Sci-Fi", 30, 0.8);
        catalogue("comedy", "Comedy", 30, 0.8);
        d.click(click("sci", "scifi-00", EventKind.CLICK, at(0)));
        d.click(click("fun", "comedy-00", EventKind.CLICK, at(0)));
        d.settle();
        assertThat(d.latestItemIds("sci")).doesNotContain("brand-new");

        // a new item: only a title and a description, embedded by the worker into a vector close to sci-fi
        d.item(item("brand-new", "Stars Beyond", List.of(), space.mix(0.3, "scifi", 1)));
        d.click(click("sci", "scifi-01", EventKind.VIEW, at(5)));
        d.click(click("fun", "comedy-01", EventKind.VIEW, at(5)));
        d.settle();

        assertThat(d.latestItemIds("sci")).contains("brand-new");
        assertThat(d.latestItemIds("fun")).doesNotContain("brand-new");
    }

    @Test
    void shouldRecommendFromASingleQueryForANewUser() {
        start(Map.of());
        catalogue("scifi", "Sci-Fi", 30, 0.8);
        catalogue("comedy", "Comedy", 30, 0.8);
        catalogue("horror", "Horror", 30, 0.8);
        for (int i = 0; i < 10; i++) {
            d.item(item("scificomedy-0" + i, "Space farce " + i, List.of("Sci-Fi", "Comedy"),
                    space.mix(0.6, "scifi", 1, "comedy", 1)));
        }
        d.query(query("newcomer", "light sci-fi comedies, nothing too dark",
                space.mix(0.2, "scifi", 1, "comedy", 1), at(0),
                facet("sci-fi comedies", space.mix(0.2, "scifi", 1, "comedy", 1), 0.8f, Polarity.POSITIVE),
                facet("dark", space.mix(0.2, "horror", 1), 0.2f, Polarity.NEGATIVE)));
        d.settle();

        List<String> ids = d.latestItemIds("newcomer");
        assertThat(ids).hasSize(20);
        assertThat(ids.subList(0, 5)).allSatisfy(id -> assertThat(id).startsWith("scificomedy-"));
        assertThat(count(ids, "horror-")).isZero();
        UserInterests state = d.interests().get("newcomer");
        assertThat(state.getInterests()).hasSize(1);
        assertThat(state.getInterests().get(0).getEvidence().get(0).getText()).isEqualTo("sci-fi comedies");
        assertThat(state.getNegatives()).extracting(n -> n.getLabel()).containsExactly("dark");
    }

    @Test
    void shouldNeverRecommendAnItemTheUserAlreadyInteractedWith() {
        start(Map.of(StreamsAppConfig.RECOMMEND_TOP_N, 10, StreamsAppConfig.REFRESH_INTERVAL_MS, 0L));
        catalogue("scifi", "Sci-Fi", 30, 0.8);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            // each time click the item at the top of the current list
            List<String> current = d.latestItemIds("cat");
            String next = current.isEmpty() ? "scifi-00" : current.get(0);
            d.click(click("cat", next, i % 3 == 0 ? EventKind.SKIP : EventKind.CLICK, at(i)));
            seen.add(next);
            assertThat(d.latestItemIds("cat")).doesNotContainAnyElementsOf(seen);
        }
        List<TestRecord<String, Recommendations>> all = d.recommendations.readRecordsToList();
        assertThat(all).hasSize(12);
    }

    @Test
    void shouldNotRepeatExplanationRequestsForAnItemAlreadyExplained() {
        start(Map.of(StreamsAppConfig.REFRESH_INTERVAL_MS, 0L));
        catalogue("scifi", "Sci-Fi", 40, 0.8);
        for (int i = 0; i < 6; i++) {
            d.click(click("dan", "scifi-0" + i, EventKind.CLICK, at(i)));
        }

        List<ExplanationRequest> requests = d.explanations.readValuesToList();
        List<String> explained = requests.stream().map(ExplanationRequest::getItemId).toList();
        assertThat(explained).doesNotHaveDuplicates();
        // the first list explains its best 5; later refreshes only explain items that newly entered
        assertThat(explained.size()).isGreaterThanOrEqualTo(5).isLessThan(6 * 5);
        ExplanationRequest first = requests.get(0);
        assertThat(first.getInterestLabel()).startsWith("Sci-Fi");
        assertThat(first.getEvidence()).isNotEmpty();
        // the stored state leaves item titles to the catalogue; the request carries them
        assertThat(first.getEvidence()).allSatisfy(e -> assertThat(e.getText()).startsWith("Sci-Fi movie "));
        assertThat(d.interests().get("dan").getInterests()).flatExtracting(Interest::getEvidence)
                .allSatisfy(e -> assertThat(e.getText()).isEmpty());
        assertThat(first.getPrompt()).contains(first.getEvidence().get(0).getText());
        assertThat(first.getPromptVersion()).isEqualTo("v1");
        assertThat(first.getPrompt()).contains("<data-" + first.getRequestId().substring(0, 12) + ">")
                .contains(first.getItemTitle());

        // another refresh explains only what newly entered, never an item already explained
        d.click(click("dan", "scifi-0" + 6, EventKind.VIEW, at(10)));
        List<String> more = d.explanations.readValuesToList().stream().map(ExplanationRequest::getItemId).toList();
        assertThat(more).doesNotContainAnyElementsOf(explained);
    }

    @Test
    void shouldWriteTheFormatsOfEarlierReleasesWhenAskedToForARollingUpgrade() {
        start(Map.of(StreamsAppConfig.RECOMMEND_STORE_FORMAT, 1, StreamsAppConfig.EXPLANATION_HISTORY_FORMAT, 1,
                StreamsAppConfig.INTEREST_STORE_FORMAT, 1));
        catalogue("scifi", "Sci-Fi", 30, 0.8);
        d.click(click("kim", "scifi-00", EventKind.CLICK, at(0)));

        assertThat(lastChangelogValue(StoreNames.USER_RECOMMENDATIONS, "kim")[0]).isZero(); // the Avro record's magic
        assertThat(lastChangelogValue(StoreNames.USER_INTERESTS, "kim")[0]).isZero();
        assertThat(d.interests().get("kim").getRecent()).extracting(Interaction::getItemId).containsExactly("scifi-00");
        assertThat(lastChangelogValue(StoreNames.EXPLAINED_ITEMS, "kim")[0]).isEqualTo((byte) 1);
        assertThat(d.latest("kim")).isEqualTo(d.recommendations.readKeyValuesToMap().get("kim"));
        assertThat(d.explanations.readValuesToList()).isNotEmpty();
    }

    private byte[] lastChangelogValue(String store, String key) {
        String topic = StoreNames.changelogTopic(d.config.getString(StreamsAppConfig.APPLICATION_ID), store);
        return d.driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer())
                .readKeyValuesToMap().get(key);
    }

    @Test
    void shouldExplainOnlyItemsThatNewlyEnteredTheListEvenWithoutDeduplication() {
        start(Map.of(StreamsAppConfig.REFRESH_INTERVAL_MS, 0L, StreamsAppConfig.EXPLANATION_DEDUP_WINDOW_MS, 0L,
                StreamsAppConfig.EXPLANATION_MAX_PER_REFRESH, 50));
        catalogue("scifi", "Sci-Fi", 40, 0.8);
        catalogue("comedy", "Comedy", 40, 0.8);
        d.click(click("ivy", "scifi-00", EventKind.CLICK, at(0)));
        List<String> first = d.latestItemIds("ivy");
        assertThat(d.explanations.readValuesToList()).extracting(ExplanationRequest::getItemId)
                .containsExactlyInAnyOrderElementsOf(first);

        d.click(click("ivy", "comedy-00", EventKind.LIKE, at(1)));

        List<String> second = d.latestItemIds("ivy");
        List<String> entered = second.stream().filter(id -> !first.contains(id)).toList();
        assertThat(entered).isNotEmpty();
        assertThat(d.explanations.readValuesToList()).extracting(ExplanationRequest::getItemId)
                .containsExactlyInAnyOrderElementsOf(entered);
    }

    @Test
    void shouldApplyAClickWhenItsItemVectorArrivesLater() {
        start(Map.of());
        d.click(click("eve", "late-item", EventKind.PURCHASE, at(0)));
        assertThat(d.interests().get("eve")).isNull();

        d.item(item("late-item", "Late", List.of("Sci-Fi"), space.mix(0.3, "scifi", 1)));
        d.driver.advanceWallClockTime(Duration.ofSeconds(2));

        UserInterests state = d.interests().get("eve");
        assertThat(state.getInterests()).hasSize(1);
        assertThat(state.getInterests().get(0).getStrength()).isEqualTo(4.0);
        assertThat(state.getRecent()).extracting(r -> r.getItemId()).containsExactly("late-item");
        assertThat(d.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAClickWhoseItemVectorNeverArrives() {
        start(Map.of());
        d.click(click("fay", "ghost", EventKind.CLICK, at(0)));

        d.driver.advanceWallClockTime(Duration.ofMinutes(6));

        TestRecord<byte[], byte[]> dead = d.deadLetters.readRecord();
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON)).isEqualTo("ITEM_VECTOR_TIMEOUT");
        assertThat(new String(dead.key())).isEqualTo("fay");
        assertThat(d.serdes.value(dev.attune.schema.ClickEvent.class).deserializer()
                .deserialize("clicks", dead.value()).getItemId()).isEqualTo("ghost");
        assertThat(d.interests().get("fay")).isNull();
    }

    @Test
    void shouldRefreshOnceAtOnceAndOnceMorePerIntervalDuringAClickBurst() {
        start(Map.of(StreamsAppConfig.REFRESH_INTERVAL_MS, 5_000L));
        catalogue("scifi", "Sci-Fi", 30, 0.8);
        for (int i = 0; i < 10; i++) {
            d.click(click("gus", "scifi-0" + i, EventKind.CLICK, at(i)));
        }
        assertThat(d.recommendations.readRecordsToList()).hasSize(1);

        d.driver.advanceWallClockTime(Duration.ofSeconds(6));

        List<TestRecord<String, Recommendations>> trailing = d.recommendations.readRecordsToList();
        assertThat(trailing).hasSize(1);
        // the trailing refresh reflects the whole burst
        assertThat(trailing.get(0).value().getItems()).extracting(RecommendedItem::getItemId)
                .noneMatch(id -> id.compareTo("scifi-10") < 0);
        d.driver.advanceWallClockTime(Duration.ofSeconds(6));
        assertThat(d.recommendations.isEmpty()).isTrue();
    }

    @Test
    void shouldDeferRefreshesBeyondTheTaskBudgetAndStillReflectEveryUsersLastClick() {
        // Given a budget of one refresh a second
        start(Map.of(StreamsAppConfig.REFRESH_INTERVAL_MS, 1_000L, StreamsAppConfig.REFRESH_MAX_PER_SECOND, 1));
        catalogue("scifi", "Sci-Fi", 30, 0.8);

        // When three users click in the same instant
        for (String user : List.of("hal", "ida", "jon")) {
            d.click(click(user, "scifi-01", EventKind.CLICK, at(0)));
        }

        // Then only one list is computed at once
        assertThat(d.recommendations.readRecordsToList()).hasSize(1);

        // and the others follow as the budget allows, one per second, each from the user's state
        d.driver.advanceWallClockTime(Duration.ofMillis(1_000));
        d.driver.advanceWallClockTime(Duration.ofMillis(1_000));
        List<TestRecord<String, Recommendations>> deferred = d.recommendations.readRecordsToList();
        assertThat(deferred).extracting(TestRecord::key).hasSize(2).doesNotHaveDuplicates();
        assertThat(deferred).allSatisfy(r -> assertThat(r.value().getAsOfEventTime()).isEqualTo(at(0)));
        assertThat(List.of("hal", "ida", "jon")).allSatisfy(user -> assertThat(d.latest(user)).isNotNull());
    }

    @Test
    void shouldWriteNewUsersSeenFiltersInTheConfiguredScheme() {
        // Given an instance told to write the seen filters older releases read (a rolling upgrade)
        start(Map.of(StreamsAppConfig.INTEREST_SEEN_FILTER_VERSION, 1));
        catalogue("scifi", "Sci-Fi", 5, 0.8);

        // When a new user clicks
        d.click(click("ann", "scifi-00", EventKind.CLICK, at(0)));
        d.settle();

        // Then the stored filter is version 1 and holds the item
        java.nio.ByteBuffer seen = d.interests().get("ann").getSeen();
        assertThat(seen.get(seen.position())).isEqualTo((byte) 1);
        assertThat(dev.attune.streams.model.SeenFilter.decode(seen).mightContain("scifi-00")).isTrue();
    }

    @Test
    void shouldWriteVersionThreeSeenFiltersInTheCompactStateByDefault() {
        start(Map.of());
        catalogue("scifi", "Sci-Fi", 5, 0.8);

        d.click(click("ann", "scifi-00", EventKind.CLICK, at(0)));
        d.click(click("ann", "scifi-01", EventKind.CLICK, at(1)));
        d.settle();

        java.nio.ByteBuffer seen = d.interests().get("ann").getSeen();
        assertThat(seen.get(seen.position())).isEqualTo((byte) 3);
        assertThat(lastChangelogValue(StoreNames.USER_INTERESTS, "ann")[0]).isEqualTo((byte) 2); // the compact state
        dev.attune.streams.model.SeenFilter filter = dev.attune.streams.model.SeenFilter.decode(seen);
        assertThat(filter.mightContain("scifi-00")).isTrue();
        assertThat(filter.mightContain("scifi-01")).isTrue();
        assertThat(filter.size()).isEqualTo(2);
    }
}
