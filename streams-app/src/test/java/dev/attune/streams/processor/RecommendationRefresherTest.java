package dev.attune.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.Recommendations;
import dev.attune.schema.UserInterests;
import dev.attune.serde.SerdeFactory;
import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.catalogue.Vocabulary;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.model.InterestModel;
import dev.attune.streams.model.InterestParams;
import dev.attune.streams.recommend.Recommender;
import dev.attune.streams.recommend.RecommenderParams;
import dev.attune.streams.recommend.RetrievalCache;
import dev.attune.streams.topology.ProcessorNames;
import dev.attune.streams.testing.MockStores;
import dev.attune.streams.topology.StoreNames;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The refresher alone, with a mock context whose wall clock the test moves: which changes refresh at
 * once, which wait, and that the wait always ends in a refresh from the latest state. Users have no
 * interests (empty lists), so what is checked is when lists are emitted and from which state.
 */
class RecommendationRefresherTest {

    private static final long T0 = 1_000_000L;

    private final StreamsAppConfig config = StreamsAppConfig.of(Map.of());
    private final Catalogue catalogue = new Catalogue(4);
    private final Vocabulary vocabulary = new Vocabulary(4, 2, 0.2);
    private final Recommender recommender = new Recommender(RecommenderParams.from(config),
            new InterestModel(InterestParams.from(config), vocabulary), catalogue);
    private MockProcessorContext<Object, Object> context;
    private KeyValueStore<String, UserInterests> interests;
    private KeyValueStore<String, Long> due;

    @AfterEach
    void close() {
        catalogue.close();
        vocabulary.close();
    }

    private RecommendationRefresher start(long intervalMs, int maxPerSecond) {
        context = new MockProcessorContext<>();
        SerdeFactory serdes = SerdeFactory.forUrl("mock://" + UUID.randomUUID());
        interests = store(StoreNames.USER_INTERESTS, serdes.value(UserInterests.class));
        store(StoreNames.USER_RECOMMENDATIONS, serdes.value(Recommendations.class));
        due = store(StoreNames.REFRESH_DUE, Serdes.Long());
        store(StoreNames.REFRESH_LAST, Serdes.Long());
        context.setCurrentSystemTimeMs(T0);
        RecommendationRefresher refresher = new RecommendationRefresher(recommender, catalogue, "test-model",
                new RecommendationRefresher.Throttle(intervalMs, maxPerSecond), 1_000,
                new RetrievalCache.Shared(1 << 20, 1.0));
        refresher.init(context);
        return refresher;
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        return MockStores.inMemory(context, name, values);
    }

    /** The user's state after an event at {@code eventTimeMs}, as the interest updater stores and forwards it. */
    private void change(RecommendationRefresher refresher, String user, long eventTimeMs) {
        UserInterests state = UserInterests.newBuilder().setUserId(user).setModel("test-model")
                .setClock(Instant.ofEpochMilli(eventTimeMs)).setInterests(List.of()).setNegatives(List.of())
                .setRecent(List.of()).setNextInterestId(0).build();
        interests.put(user, state);
        refresher.process(new Record<>(user, state, eventTimeMs));
    }

    private void wallClock(long ms) {
        context.setCurrentSystemTimeMs(ms);
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(ms));
    }

    /** Lists emitted since the last call, as (user, event time the list reflects), oldest first. */
    private List<String> emitted() {
        List<String> lists = context.forwarded().stream()
                .filter(f -> f.childName().orElse("").equals(ProcessorNames.RECOMMENDATIONS_SINK))
                .map(f -> (Recommendations) f.record().value())
                .map(r -> r.getUserId() + "@" + r.getAsOfEventTime().toEpochMilli())
                .toList();
        context.resetForwards();
        return lists;
    }

    @Test
    void shouldRefreshTheFirstChangeAtOnceAndCoalesceABurstIntoOneTrailingRefresh() {
        RecommendationRefresher refresher = start(1_000, 0);

        change(refresher, "ann", 1);
        assertThat(emitted()).containsExactly("ann@1");

        change(refresher, "ann", 2);
        change(refresher, "ann", 3);
        change(refresher, "ann", 4);
        wallClock(T0 + 500);
        assertThat(emitted()).isEmpty();
        assertThat(due.get("ann")).isNotNull();

        wallClock(T0 + 1_000);
        assertThat(emitted()).containsExactly("ann@4");
        assertThat(due.get("ann")).isNull();

        wallClock(T0 + 5_000);
        assertThat(emitted()).isEmpty();
    }

    @Test
    void shouldRefreshAtOnceAgainOnceTheIntervalHasPassed() {
        RecommendationRefresher refresher = start(1_000, 0);
        change(refresher, "ann", 1);
        wallClock(T0 + 1_500);
        emitted();

        change(refresher, "ann", 2);

        assertThat(emitted()).containsExactly("ann@2");
    }

    @Test
    void shouldRefreshALiveChangeAtOnceWhenTheUserWasQuietForAnIntervalByTheirOwnClock() {
        RecommendationRefresher refresher = start(1_000, 0);
        // Given a live click processed 100 ms after it was written
        wallClock(T0 + 100);
        change(refresher, "ann", T0);
        assertThat(emitted()).containsExactly("ann@" + T0);

        // When the next click comes an interval later and is processed at once (wall clock: 910 ms after the refresh)
        wallClock(T0 + 1_010);
        change(refresher, "ann", T0 + 1_000);

        // Then it refreshes at once: the user did nothing for an interval (it waited for the next punctuation before)
        assertThat(emitted()).containsExactly("ann@" + (T0 + 1_000));
        assertThat(due.get("ann")).isNull();
    }

    @Test
    void shouldStillCoalesceALiveBurstByTheUsersOwnClock() {
        RecommendationRefresher refresher = start(1_000, 0);
        change(refresher, "ann", T0);
        emitted();

        // a click 999 ms later by its timestamp, processed 1.2 s after the first refresh (the app was slow)
        wallClock(T0 + 1_200);
        change(refresher, "ann", T0 + 999);

        assertThat(emitted()).isEmpty();
        assertThat(due.get("ann")).isNotNull();
        wallClock(T0 + 1_250);
        assertThat(emitted()).containsExactly("ann@" + (T0 + 999));
    }

    @Test
    void shouldCoalesceABacklogOfOldEventsOnTheWallClock() {
        RecommendationRefresher refresher = start(1_000, 0);
        // Given a replay (or a catch-up) of one user's events, timestamps far apart and long ago
        wallClock(T0 + 60_000);
        change(refresher, "ann", T0);
        change(refresher, "ann", T0 + 5_000);
        change(refresher, "ann", T0 + 10_000);

        // Then one refresh now and one trailing refresh, not one per event
        assertThat(emitted()).containsExactly("ann@" + T0);
        wallClock(T0 + 61_000);
        assertThat(emitted()).containsExactly("ann@" + (T0 + 10_000));
    }

    @Test
    void shouldJudgeAnEventStampedFarAheadOfTheClockOnTheWallClock() {
        RecommendationRefresher refresher = start(1_000, 0);
        change(refresher, "ann", T0);
        emitted();

        // a producer's clock an hour ahead: its events neither count as quiet intervals nor shift later judgements
        change(refresher, "ann", T0 + 3_600_000);
        change(refresher, "ann", T0 + 7_200_000);
        assertThat(emitted()).isEmpty();
        wallClock(T0 + 1_000);
        assertThat(emitted()).containsExactly("ann@" + (T0 + 7_200_000));

        wallClock(T0 + 2_100);
        change(refresher, "ann", T0 + 2_000);
        assertThat(emitted()).containsExactly("ann@" + (T0 + 2_000));
    }

    @Test
    void shouldLookForDueUsersTwentyTimesAnIntervalWithinBounds() {
        // a tick's trailing refreshes run back to back on the stream thread: many small batches, not two large ones
        assertThat(new RecommendationRefresher.Throttle(1_000, 0).tickMs()).isEqualTo(50);
        assertThat(new RecommendationRefresher.Throttle(60_000, 0).tickMs()).isEqualTo(500);
        assertThat(new RecommendationRefresher.Throttle(0, 0).tickMs()).isEqualTo(20);
        assertThat(new RecommendationRefresher.Throttle(1_000, 0).forgetEveryMs()).isEqualTo(500);
    }

    @Test
    void shouldThrottleEachUserSeparately() {
        RecommendationRefresher refresher = start(1_000, 0);

        change(refresher, "ann", 1);
        change(refresher, "bob", 1);
        change(refresher, "ann", 2);

        assertThat(emitted()).containsExactly("ann@1", "bob@1");
        wallClock(T0 + 1_000);
        assertThat(emitted()).containsExactly("ann@2");
    }

    @Test
    void shouldDeferChangesBeyondTheTaskBudgetAndRefreshThemAllInLaterTicks() {
        // Given a budget of 2 refreshes a second
        RecommendationRefresher refresher = start(1_000, 2);

        // When five users change in the same instant
        for (String user : List.of("u1", "u2", "u3", "u4", "u5")) {
            change(refresher, user, 7);
        }

        // Then two refresh at once and the rest wait, marked due
        assertThat(emitted()).containsExactly("u1@7", "u2@7");
        assertThat(due.approximateNumEntries()).isEqualTo(3);

        // and the punctuator works through them as the budget refills, each exactly once
        wallClock(T0 + 1_000);
        List<String> second = emitted();
        assertThat(second).hasSize(2);
        wallClock(T0 + 2_000);
        List<String> third = emitted();
        assertThat(third).hasSize(1);
        assertThat(second).doesNotContainAnyElementsOf(third);
        assertThat(List.of(second, third).stream().flatMap(List::stream))
                .containsExactlyInAnyOrder("u3@7", "u4@7", "u5@7");
        assertThat(due.approximateNumEntries()).isZero();
    }

    @Test
    void shouldQueueLeadingEdgeChangesBehindUsersWaitingForBudget() {
        RecommendationRefresher refresher = start(1_000, 1);
        change(refresher, "u1", 1);
        change(refresher, "u2", 1);
        emitted();
        wallClock(T0 + 500); // half a token: u2 still waits, and the refresher knows it is behind

        change(refresher, "u3", 2);

        assertThat(emitted()).isEmpty();
        wallClock(T0 + 1_500);
        wallClock(T0 + 2_500);
        assertThat(emitted()).containsExactlyInAnyOrder("u2@1", "u3@2");
    }
}
