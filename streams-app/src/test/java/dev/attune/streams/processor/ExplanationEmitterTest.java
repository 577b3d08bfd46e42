package dev.attune.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.EventKind;
import dev.attune.schema.Evidence;
import dev.attune.schema.EvidenceSource;
import dev.attune.schema.ExplanationRequest;
import dev.attune.schema.ItemVector;
import dev.attune.schema.Polarity;
import dev.attune.schema.Recommendations;
import dev.attune.schema.RecommendedItem;
import dev.attune.serde.SerdeFactory;
import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.catalogue.CatalogueFixtures;
import dev.attune.streams.explain.PromptRenderer;
import dev.attune.streams.model.InterestState;
import dev.attune.streams.model.UserState;
import dev.attune.streams.testing.Events;
import dev.attune.streams.testing.MockStores;
import dev.attune.streams.topology.StoreNames;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emitter alone, with a mock context whose wall clock the test moves: which items of a refreshed list are
 * explained, given what was listed and explained before.
 */
class ExplanationEmitterTest {

    private static final long T0 = 1_000_000L;
    private static final long WINDOW_MS = 10_000;

    private final Catalogue catalogue = new Catalogue(4);
    private final UserState ann = new UserState("ann", T0, 2, List.of(
            new InterestState(0, new float[] {1, 0, 0, 0}, 1, "Sci-Fi", T0, List.of(evidence("Alien"))),
            new InterestState(1, new float[] {0, 1, 0, 0}, 1, "Comedy", T0, List.of(evidence("Airplane!")))),
            List.of(), List.of());
    private MockProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> explained;

    @BeforeEach
    void attachCatalogue() {
        context = new MockProcessorContext<>();
        KeyValueStore<String, ItemVector> items = store(StoreNames.ITEM_CATALOGUE,
                SerdeFactory.forUrl("mock://" + UUID.randomUUID()).value(ItemVector.class));
        for (String id : List.of("a", "b", "c", "d", "e", "f", "g")) {
            items.put(id, Events.item(id, "Title " + id, List.of("Sci-Fi"), new float[] {1, 0, 0, 0}));
        }
        CatalogueFixtures.attach(catalogue, items);
        explained = store(StoreNames.EXPLAINED_ITEMS, Serdes.ByteArray());
    }

    @AfterEach
    void close() {
        catalogue.close();
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        return MockStores.inMemory(context, name, values);
    }

    private static Evidence evidence(String text) {
        return new Evidence(EvidenceSource.ITEM_EVENT, EventKind.CLICK, text, text, Polarity.POSITIVE,
                Instant.ofEpochMilli(T0));
    }

    private ExplanationEmitter start(int maxPerUser, int maxPerRefresh) {
        ExplanationEmitter emitter = new ExplanationEmitter(catalogue, new PromptRenderer("v1"),
                new ExplanationEmitter.Dedup(WINDOW_MS, maxPerUser, ExplainedItems.FORMAT), maxPerRefresh);
        emitter.init(context);
        return emitter;
    }

    /** A refresh at wall-clock {@code now} listing {@code ids} ("a" or "a@1": the item and the interest that led to it). */
    private List<String> refresh(ExplanationEmitter emitter, long now, String... ids) {
        context.setCurrentSystemTimeMs(now);
        List<RecommendedItem> items = Arrays.stream(ids).map(id -> {
            String[] parts = id.split("@");
            int interest = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return new RecommendedItem(parts[0], "Title " + parts[0], 0.5f, interest, interest == 0 ? "Sci-Fi" : "Comedy");
        }).toList();
        emitter.process(new Record<>("ann", new RefreshResult(ann,
                new Recommendations("ann", Instant.ofEpochMilli(now), Instant.ofEpochMilli(T0), "m", items)), T0));
        List<String> requested = context.forwarded().stream()
                .map(f -> (ExplanationRequest) f.record().value())
                .map(r -> r.getItemId() + "@" + r.getInterestId())
                .toList();
        context.resetForwards();
        return requested;
    }

    @Test
    void shouldExplainOnlyItemsThatNewlyEnteredTheListBestRankedFirstAndAFewPerRefresh() {
        ExplanationEmitter emitter = start(100, 2);

        assertThat(refresh(emitter, T0, "a", "b", "c")).containsExactly("a@0", "b@0");
        // c entered with the first list (not explained then: over the cap), so it is not new now
        assertThat(refresh(emitter, T0 + 1, "c", "a", "d", "b")).containsExactly("d@0");
        assertThat(refresh(emitter, T0 + 2, "c", "a", "d", "b")).isEmpty();
        assertThat(explained.get("ann")).isNotNull();
    }

    @Test
    void shouldNotExplainAnItemAgainWithinTheWindowWhenItComesBackButAgainAfterIt() {
        ExplanationEmitter emitter = start(100, 5);
        assertThat(refresh(emitter, T0, "a", "b")).containsExactly("a@0", "b@0");
        assertThat(refresh(emitter, T0 + 1_000, "c")).containsExactly("c@0");

        // a comes back within the window: not again; for another interest it is another explanation
        assertThat(refresh(emitter, T0 + WINDOW_MS - 1, "a", "b@1")).containsExactly("b@1");
        assertThat(refresh(emitter, T0 + WINDOW_MS, "c")).isEmpty();
        // a window after it was explained, a comes back and is explained again
        assertThat(refresh(emitter, T0 + WINDOW_MS, "a")).containsExactly("a@0");
    }

    @Test
    void shouldForgetTheOldestExplanationsBeyondItsBound() {
        ExplanationEmitter emitter = start(2, 5);
        assertThat(refresh(emitter, T0, "a")).containsExactly("a@0");
        assertThat(refresh(emitter, T0 + 1, "b")).containsExactly("b@0");
        assertThat(refresh(emitter, T0 + 2, "c")).containsExactly("c@0");

        // b and c are remembered, a (the oldest) is not: it is explained again, within the window
        assertThat(refresh(emitter, T0 + 3, "b", "c", "a")).containsExactly("a@0");
    }

    @Test
    void shouldWriteTheUsersRecordOnlyWhenTheListedItemsChangeOrAnExplanationIsSent() {
        ExplanationEmitter emitter = start(100, 5);
        refresh(emitter, T0, "a", "b");
        byte[] stored = explained.get("ann");

        refresh(emitter, T0 + 1, "b", "a");

        assertThat(explained.get("ann")).isSameAs(stored);
    }

    @Test
    void shouldSkipItemsThisInstanceHasNoTextFor() {
        ExplanationEmitter emitter = start(100, 5);

        assertThat(refresh(emitter, T0, "unknown", "a")).containsExactly("a@0");
    }
}
