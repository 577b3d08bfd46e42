package dev.attune.streams.query;

import dev.attune.schema.ItemVector;
import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.topology.StoreNames;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Item metadata and vectors by item id. Every instance holds the whole catalogue, so no routing. */
@FunctionalInterface
public interface ItemCatalogue {

    /**
     * The item, or empty when unknown.
     *
     * @throws InvalidStateStoreException while the catalogue is not queryable yet
     */
    Optional<ItemVector> find(String itemId);

    /** The engine's catalogue (the same instance the topology was built with). */
    static ItemCatalogue of(Catalogue catalogue) {
        return itemId -> Optional.ofNullable(catalogue.get(itemId));
    }

    /** The global {@link StoreNames#ITEM_CATALOGUE} store of {@code streams}, read through interactive queries. */
    static ItemCatalogue globalStore(KafkaStreams streams) {
        return itemId -> {
            ReadOnlyKeyValueStore<String, ItemVector> store = streams.store(StoreQueryParameters.fromNameAndType(
                    StoreNames.ITEM_CATALOGUE, QueryableStoreTypes.<String, ItemVector>keyValueStore()));
            return Optional.ofNullable(store.get(itemId));
        };
    }
}
