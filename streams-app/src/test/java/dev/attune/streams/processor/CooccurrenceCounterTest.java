package dev.attune.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.attune.streams.recommend.ItemCooccurrence;
import dev.attune.streams.topology.StoreNames;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The co-occurrence counter on its own, with an in-memory store and rows of at most three items. */
class CooccurrenceCounterTest {

    private static final int TOP_K = 3;

    private final CooccurrenceCounter counter = new CooccurrenceCounter(TOP_K);
    private ItemCooccurrence rows;

    @BeforeEach
    void init() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.ITEM_COOCCURRENCE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        counter.init(context);
        rows = CooccurrenceStore.reader(store);
    }

    private void liked(String item, String... earlier) {
        counter.process(new Record<>(item, List.of(earlier), 0L));
    }

    @Test
    void shouldCountEachPairInBothItemsRows() {
        liked("c", "b", "a");
        liked("c", "a");

        assertThat(rows.cooccurring("c")).containsOnly(entry("a", 2L), entry("b", 1L));
        assertThat(rows.cooccurring("a")).containsOnly(entry("c", 2L));
        assertThat(rows.cooccurring("b")).containsOnly(entry("c", 1L));
        assertThat(rows.cooccurring("never-liked")).isEmpty();
    }

    @Test
    void shouldNotPairAnItemWithItself() {
        liked("a", "a", "b");

        assertThat(rows.cooccurring("a")).containsOnly(entry("b", 1L));
    }

    @Test
    void shouldKeepAtMostTopKItemsPerRowAndLetANewItemReplaceTheLeastCounted() {
        // Given a full row: x3 twice, x1 and x2 once each
        liked("hub", "x1", "x2", "x3");
        liked("hub", "x3");

        // When a fourth item co-occurs
        liked("hub", "x4");

        // Then the row stays at K items: the least counted (x1, first among equals) is replaced by x4 at its count + 1
        Map<String, Long> row = rows.cooccurring("hub");
        assertThat(row).hasSize(TOP_K).containsOnly(entry("x2", 1L), entry("x3", 2L), entry("x4", 2L));
    }

    @Test
    void shouldRoundTripARowThroughItsStoredBytes() {
        Map<String, Long> row = Map.of("é-item", 7L, "b", Long.MAX_VALUE);

        assertThat(CooccurrenceStore.decode(CooccurrenceStore.encode(row))).isEqualTo(row);
    }
}
