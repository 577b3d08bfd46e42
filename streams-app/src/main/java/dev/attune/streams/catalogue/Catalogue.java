package dev.attune.streams.catalogue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.attune.schema.ItemVector;
import dev.attune.streams.model.ItemLookup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The item catalogue of this instance: the global store (item id to {@link ItemVector}, with its
 * text) and the HNSW index kept in step with it. One per KafkaStreams instance, shared by the
 * global-store thread (the only writer), stream threads and the REST layer (e.g. "does this item
 * have a vector?").
 */
public final class Catalogue implements AutoCloseable, ItemLookup {

    private final VectorIndex index;
    /** Titles in memory: a ranked list names its items without a store read and an Avro decode per item. */
    private final Map<String, String> titles = new ConcurrentHashMap<>();
    /**
     * Recently explained items' texts (null: none kept). An entry is dropped when its item changes, after the store
     * write: a reader that decoded the old record meanwhile finishes first (Caffeine's invalidation waits for a load
     * of the same key), so no old text outlives the change.
     */
    private final Cache<String, ItemText> texts;
    private volatile ReadOnlyKeyValueStore<String, ItemVector> store;

    /** A catalogue that keeps no item texts in memory (each {@link #text} reads the store). */
    public Catalogue(int dimension) {
        this(dimension, 0);
    }

    /** {@code textCacheItems}: how many items' texts {@link #text} keeps decoded ({@code explanation.item.cache.items}). */
    public Catalogue(int dimension, int textCacheItems) {
        this.index = new VectorIndex(dimension);
        // evictions run on the calling thread (a few at a time), not on the JVM's common pool
        this.texts = textCacheItems == 0 ? null
                : Caffeine.newBuilder().maximumSize(textCacheItems).executor(Runnable::run).build();
    }

    /** An item's text, what an explanation request quotes: {@link ItemVector} without its vector. */
    public record ItemText(String title, String description, List<String> tags, List<String> categories) {
        static ItemText of(ItemVector item) {
            return new ItemText(item.getTitle(), item.getDescription(), List.copyOf(item.getTags()),
                    List.copyOf(item.getCategories()));
        }
    }

    /** The item's vector and text, or null when this instance has no vector for it (yet, or any more). */
    public ItemVector get(String itemId) {
        ReadOnlyKeyValueStore<String, ItemVector> current = store;
        return current == null || itemId == null ? null : current.get(itemId);
    }

    /**
     * The item's text, or null when this instance has no vector for it: from memory for items asked for recently,
     * else read from the store: a read and a decode of the whole record, its vector included, 13-15 µs, for each of
     * the ≈2 explanation requests of an aged refresh (bench/RESULTS.md, 2026-12-01 evening).
     */
    public ItemText text(String itemId) {
        if (itemId == null) {
            return null;
        }
        return texts == null ? readText(itemId) : texts.get(itemId, this::readText);
    }

    private ItemText readText(String itemId) {
        ItemVector item = get(itemId);
        return item == null ? null : ItemText.of(item);
    }

    /**
     * The item's vector from memory (shared: callers must not modify it), or null when this instance has no
     * vector for it (yet, or any more). The hot paths use this rather than {@link #get}, which reads the store
     * and decodes the whole Avro record (its vector as boxed floats).
     */
    @Override
    public float[] vector(String itemId) {
        return index.vector(itemId);
    }

    /** The item's vector and slot ({@link VectorIndex.Item}), or null when this instance has no vector for it. */
    public VectorIndex.Item item(String itemId) {
        return index.item(itemId);
    }

    /** The item's title, or null when this instance has no vector for it (yet, or any more). */
    @Override
    public String title(String itemId) {
        return itemId == null ? null : titles.get(itemId);
    }

    public boolean contains(String itemId) {
        return index.contains(itemId);
    }

    /** Changes whenever the catalogue's items do: search results cached at one version hold until the next. */
    public long version() {
        return index.version();
    }

    /** Items in the index. */
    public int size() {
        return index.size();
    }

    /** Segments of the index's current reader: 1 once its background merge has caught up (benches wait for it). */
    public int segments() {
        return index.segments();
    }

    /** The approximately {@code k} items nearest to {@code query}, most similar first. */
    public List<VectorIndex.Hit> nearest(float[] query, int k) {
        return index.search(query, k);
    }

    /**
     * The approximately {@code k} items nearest to {@code query} that {@code skip} rejects not, most similar
     * first; {@code skippedAtMost} bounds how many items it rejects (see {@link VectorIndex#search(float[], int,
     * java.util.function.Predicate, int)}).
     */
    public List<VectorIndex.Hit> nearest(float[] query, int k, java.util.function.Predicate<String> skip,
            int skippedAtMost) {
        return index.search(query, k, skip, skippedAtMost);
    }

    /** Called by the global-store processor when its store opens: (re)builds the index from it. */
    void attach(ReadOnlyKeyValueStore<String, ItemVector> globalStore) {
        this.store = globalStore;
        forgetTexts(null);
        try (KeyValueIterator<String, ItemVector> all = globalStore.all()) {
            all.forEachRemaining(kv -> upsert(kv.key, kv.value));
        }
    }

    /** Called after the store holds {@code item}. */
    void upsert(String itemId, ItemVector item) {
        titles.put(itemId, item.getTitle()); // first: whoever finds the vector finds the title too
        index.upsert(itemId, VectorCheck.toArray(item.getVector()));
        forgetTexts(itemId);
    }

    /** Called after the store dropped the item. */
    void delete(String itemId) {
        index.delete(itemId);
        titles.remove(itemId);
        forgetTexts(itemId);
    }

    /** Drops the kept text of {@code itemId} (null: of every item). */
    private void forgetTexts(String itemId) {
        if (texts == null) {
            return;
        }
        if (itemId == null) {
            texts.invalidateAll();
        } else {
            texts.invalidate(itemId);
        }
    }

    @Override
    public void close() {
        index.close();
    }
}
