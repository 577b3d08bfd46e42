package dev.attune.streams.catalogue;

import dev.attune.schema.ItemVector;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** For tests of other packages: a catalogue over a store of their making, as the global-store processor attaches it. */
public final class CatalogueFixtures {

    private CatalogueFixtures() {
    }

    public static void attach(Catalogue catalogue, ReadOnlyKeyValueStore<String, ItemVector> store) {
        catalogue.attach(store);
    }
}
