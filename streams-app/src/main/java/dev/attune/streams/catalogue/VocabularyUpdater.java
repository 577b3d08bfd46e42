package dev.attune.streams.catalogue;

import dev.attune.schema.TermVector;
import dev.attune.schema.Vector;
import dev.attune.streams.topology.StoreNames;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueStore;

/** Global-store processor of term vectors: the {@value StoreNames#TERM_VOCABULARY} store and the {@link Vocabulary} index. */
public final class VocabularyUpdater extends GlobalVectorUpdater<TermVector> {

    private final Vocabulary vocabulary;

    public VocabularyUpdater(Vocabulary vocabulary, Deserializer<TermVector> deserializer, VectorCheck check) {
        super(StoreNames.TERM_VOCABULARY, deserializer, check);
        this.vocabulary = vocabulary;
    }

    @Override
    Vector vectorOf(TermVector value) {
        return value.getVector();
    }

    @Override
    void attach(KeyValueStore<String, TermVector> store) {
        vocabulary.attach(store);
    }

    @Override
    void index(String key, TermVector value) {
        vocabulary.upsert(key, value);
    }

    @Override
    void unindex(String key) {
        vocabulary.delete(key);
    }
}
