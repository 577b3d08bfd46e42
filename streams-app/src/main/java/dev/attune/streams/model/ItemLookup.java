package dev.attune.streams.model;

/**
 * What the stored state leaves to the catalogue: a negative signal kept by item id gets its direction and
 * label from here when decoded. The engine's {@code Catalogue} is one.
 */
public interface ItemLookup {

    /** Knows no item: item negatives decode without a direction (they penalise nothing) and named by their id. */
    ItemLookup NONE = new ItemLookup() {
        @Override
        public float[] vector(String itemId) {
            return null;
        }

        @Override
        public String title(String itemId) {
            return null;
        }
    };

    /** The item's vector (shared: never modified by the model), or null when unknown here. */
    float[] vector(String itemId);

    /** The item's title, or null when unknown here. */
    String title(String itemId);
}
