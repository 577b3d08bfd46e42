package dev.attune.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.EventKind;
import dev.attune.streams.topology.StoreNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The popularity counter on its own, with in-memory stores. */
class PopularityCounterTest {

    private final PopularityCounter counter = new PopularityCounter();
    private KeyValueStore<String, Long> counts;
    private PopularityStores popularity;

    private MockProcessorContext<Void, Void> context;
    private KeyValueStore<Bytes, byte[]> rank;

    @BeforeEach
    void init() {
        context = new MockProcessorContext<>();
        counts = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.ITEM_CLICK_COUNTS),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        rank = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.ITEM_CLICK_RANK), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        counts.init(context.getStateStoreContext(), counts);
        rank.init(context.getStateStoreContext(), rank);
        context.addStateStore(counts);
        context.addStateStore(rank);
        counter.init(context);
        popularity = new PopularityStores(counts, rank);
    }

    private void clicks(String item, EventKind kind, int times) {
        for (int i = 0; i < times; i++) {
            counter.process(new Record<>(item, kind, 0L));
        }
    }

    @Test
    void shouldCountPositiveClicksButNotViewsOrNegativeFeedback() {
        clicks("a", EventKind.LIKE, 2);
        clicks("a", EventKind.PURCHASE, 1);
        clicks("a", EventKind.VIEW, 5);
        clicks("a", EventKind.DISLIKE, 4);
        clicks("a", EventKind.SKIP, 4);

        assertThat(popularity.count("a")).isEqualTo(3);
        assertThat(popularity.count("never-clicked")).isZero();
    }

    @Test
    void shouldListTheMostClickedItemsFirstAndKeepOneRankEntryPerItem() {
        clicks("b", EventKind.CLICK, 2);
        clicks("a", EventKind.CLICK, 1);
        clicks("c", EventKind.CLICK, 7);
        clicks("a", EventKind.CLICK, 4);

        assertThat(popularity.mostClicked(10)).containsExactly("c", "a", "b");
        assertThat(popularity.mostClicked(2)).containsExactly("c", "a");
        assertThat(popularity.maxCount()).isEqualTo(7);
        assertThat(counts.approximateNumEntries()).isEqualTo(3);
    }

    @Test
    void shouldRankTheRestoredCountsWhenTheTaskStarts() {
        // Given counts restored from their changelog and a rank that does not match them (it is not changelogged)
        counts.put("a", 3L);
        counts.put("b", 9L);
        counts.put("c", 1L);
        rank.put(PopularityStores.rankKey("gone", 50), new byte[0]);
        rank.put(PopularityStores.rankKey("a", 1), new byte[0]);

        // When the task (re)starts
        new PopularityCounter().init(context);

        // Then the rank is the counts', and counting goes on from them
        assertThat(popularity.mostClicked(10)).containsExactly("b", "a", "c");
        assertThat(popularity.maxCount()).isEqualTo(9);
        clicks("c", EventKind.LIKE, 9);
        assertThat(popularity.mostClicked(10)).containsExactly("c", "b", "a");
        assertThat(rank.approximateNumEntries()).isEqualTo(3);
    }

    @Test
    void shouldGiveTheMostClickedItemPriorOneAndAnUnclickedItemZero() {
        clicks("hit", EventKind.LIKE, 9);
        clicks("niche", EventKind.LIKE, 1);

        assertThat(popularity.prior("hit")).isEqualTo(1.0);
        assertThat(popularity.prior("niche")).isCloseTo(Math.log(2) / Math.log(10), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(popularity.prior("unknown")).isZero();
    }
}
