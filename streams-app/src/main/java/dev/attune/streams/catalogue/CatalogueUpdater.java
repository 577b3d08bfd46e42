package dev.attune.streams.catalogue;

import dev.attune.schema.ItemVector;
import dev.attune.schema.Vector;
import dev.attune.streams.topology.StoreNames;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueStore;

/** Global-store processor of item vectors: the {@value StoreNames#ITEM_CATALOGUE} store and the {@link Catalogue} index. */
public final class CatalogueUpdater extends GlobalVectorUpdater<ItemVector> {

    private final Catalogue catalogue;

    public CatalogueUpdater(Catalogue catalogue, Deserializer<ItemVector> deserializer, VectorCheck check) {
        super(StoreNames.ITEM_CATALOGUE, deserializer, check);
        this.catalogue = catalogue;
    }

    @Override
    Vector vectorOf(ItemVector value) {
        return value.getVector();
    }

    @Override
    void attach(KeyValueStore<String, ItemVector> store) {
        catalogue.attach(store);
    }

    @Override
    void index(String key, ItemVector value) {
        catalogue.upsert(key, value);
    }

    @Override
    void unindex(String key) {
        catalogue.delete(key);
    }
}
