package dev.attune.streams.catalogue;

import dev.attune.schema.TermVector;
import dev.attune.streams.model.Labeler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The words interests are named with: item tags and categories and query facet phrases, embedded
 * by the embedding worker (term-vectors topic), in a global store and an HNSW index. An interest's
 * label is its nearest terms, e.g. "Sci-Fi · space opera".
 */
public final class Vocabulary implements Labeler, AutoCloseable {

    private static final String SEPARATOR = " · ";
    private static final int OVERFETCH = 4;

    private final VectorIndex index;
    private final int terms;
    private final double minSimilarity;
    private volatile ReadOnlyKeyValueStore<String, TermVector> store;

    public Vocabulary(int dimension, int terms, double minSimilarity) {
        this.index = new VectorIndex(dimension);
        this.terms = terms;
        this.minSimilarity = minSimilarity;
    }

    public int size() {
        return index.size();
    }

    @Override
    public String label(float[] centroid) {
        ReadOnlyKeyValueStore<String, TermVector> current = store;
        if (current == null || index.size() == 0) {
            return null;
        }
        List<String> chosen = new ArrayList<>(terms);
        Set<String> seen = new HashSet<>();
        for (VectorIndex.Hit hit : index.search(centroid, terms * OVERFETCH)) {
            if (hit.similarity() < minSimilarity || chosen.size() == terms) {
                break;
            }
            TermVector term = current.get(hit.id());
            if (term != null && seen.add(term.getTerm().toLowerCase(Locale.ROOT).strip())) {
                chosen.add(term.getTerm().strip());
            }
        }
        return chosen.isEmpty() ? null : String.join(SEPARATOR, chosen);
    }

    void attach(ReadOnlyKeyValueStore<String, TermVector> globalStore) {
        this.store = globalStore;
        try (KeyValueIterator<String, TermVector> all = globalStore.all()) {
            all.forEachRemaining(kv -> index.upsert(kv.key, VectorCheck.toArray(kv.value.getVector())));
        }
    }

    void upsert(String key, TermVector term) {
        index.upsert(key, VectorCheck.toArray(term.getVector()));
    }

    void delete(String key) {
        index.delete(key);
    }

    @Override
    public void close() {
        index.close();
    }
}
