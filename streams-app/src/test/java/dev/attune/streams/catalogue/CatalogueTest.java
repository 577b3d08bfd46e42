package dev.attune.streams.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.ItemVector;
import dev.attune.streams.testing.Events;
import dev.attune.streams.testing.VectorSpace;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    private final VectorSpace space = new VectorSpace(21);

    @Test
    void shouldRebuildItsIndexFromTheGlobalStoreWhenAttachedAfterARestart() {
        Map<String, ItemVector> persisted = new TreeMap<>();
        for (int i = 0; i < 50; i++) {
            String genre = i % 2 == 0 ? "scifi" : "comedy";
            persisted.put(genre + "-" + i, Events.item(genre + "-" + i, "t" + i, List.of(genre), space.mix(0.5, genre, 1)));
        }
        try (Catalogue catalogue = new Catalogue(VectorSpace.DIMENSION)) {
            assertThat(catalogue.size()).isZero();

            catalogue.attach(new MapStore(persisted));

            assertThat(catalogue.size()).isEqualTo(50);
            assertThat(catalogue.get("scifi-0").getTitle()).isEqualTo("t0");
            assertThat(catalogue.nearest(space.direction("comedy"), 5))
                    .allSatisfy(hit -> assertThat(hit.id()).startsWith("comedy-"));
        }
    }

    @Test
    void shouldKeepRecentlyAskedItemTextsUntilTheItemChanges() {
        Map<String, ItemVector> persisted = withAlien();
        MapStore store = new MapStore(persisted);
        try (Catalogue catalogue = new Catalogue(VectorSpace.DIMENSION, 10)) {
            catalogue.attach(store);

            assertThat(catalogue.text("a")).isEqualTo(
                    new Catalogue.ItemText("Alien", "About Alien", List.of(), List.of("scifi")));
            assertThat(catalogue.text("a").title()).isEqualTo("Alien");
            assertThat(store.reads()).hasValue(1); // the second from memory

            // the global-store processor writes the store, then tells the catalogue
            persisted.put("a", Events.item("a", "Aliens", List.of("scifi", "action"), space.mix(0.5, "scifi", 2)));
            catalogue.upsert("a", persisted.get("a"));
            assertThat(catalogue.text("a").categories()).containsExactly("scifi", "action");
            assertThat(catalogue.text("a").title()).isEqualTo("Aliens");

            persisted.remove("a");
            catalogue.delete("a");
            assertThat(catalogue.text("a")).isNull();

            // an unknown item is not remembered as unknown: it is found once it arrives
            assertThat(catalogue.text("b")).isNull();
            persisted.put("b", Events.item("b", "Brazil", List.of("scifi"), space.mix(0.5, "scifi", 3)));
            catalogue.upsert("b", persisted.get("b"));
            assertThat(catalogue.text("b").title()).isEqualTo("Brazil");
        }
    }

    @Test
    void shouldReadTheStoreForEveryTextWithoutACache() {
        Map<String, ItemVector> persisted = withAlien();
        MapStore store = new MapStore(persisted);
        try (Catalogue catalogue = new Catalogue(VectorSpace.DIMENSION, 0)) {
            catalogue.attach(store);

            assertThat(catalogue.text("a").title()).isEqualTo("Alien");
            assertThat(catalogue.text("a").title()).isEqualTo("Alien");

            assertThat(store.reads()).hasValue(2);
        }
    }

    /** The global store's content: item "a", "Alien". */
    private Map<String, ItemVector> withAlien() {
        Map<String, ItemVector> persisted = new TreeMap<>();
        persisted.put("a", Events.item("a", "Alien", List.of("scifi"), space.mix(0.5, "scifi", 1)));
        return persisted;
    }

    /** A read-only store over a sorted map: what the global RocksDB store holds after a restart. */
    private record MapStore(Map<String, ItemVector> map, AtomicInteger reads)
            implements ReadOnlyKeyValueStore<String, ItemVector> {
        MapStore(Map<String, ItemVector> map) {
            this(map, new AtomicInteger());
        }

        @Override
        public ItemVector get(String key) {
            reads.incrementAndGet();
            return map.get(key);
        }

        @Override
        public KeyValueIterator<String, ItemVector> range(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<String, ItemVector> all() {
            Iterator<Map.Entry<String, ItemVector>> it = map.entrySet().iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<String, ItemVector> next() {
                    Map.Entry<String, ItemVector> e = it.next();
                    return KeyValue.pair(e.getKey(), e.getValue());
                }

                @Override
                public void close() {
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }
    }
}
