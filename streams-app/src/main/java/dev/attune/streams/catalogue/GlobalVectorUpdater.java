package dev.attune.streams.catalogue;

import dev.attune.schema.Vector;
import dev.attune.streams.errors.Reason;
import dev.attune.streams.errors.Rejection;
import dev.attune.streams.errors.RejectionMetrics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global store and its vector index in step with a compacted vector topic: an upsert
 * puts and indexes, a tombstone deletes from both. When the store opens (start, restart) the
 * index is rebuilt from it. The source reads bytes and decodes here, so a bad record is skipped
 * (logged and counted per reason) instead of stopping the global thread: a global-store processor
 * cannot forward to the dead-letter topic, and the embedding worker validates before writing.
 */
abstract class GlobalVectorUpdater<V> implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(GlobalVectorUpdater.class);

    private final String storeName;
    private final Deserializer<V> deserializer;
    private final VectorCheck check;
    private KeyValueStore<String, V> store;
    private RejectionMetrics metrics;

    GlobalVectorUpdater(String storeName, Deserializer<V> deserializer, VectorCheck check) {
        this.storeName = storeName;
        this.deserializer = deserializer;
        this.check = check;
    }

    abstract Vector vectorOf(V value);

    abstract void attach(KeyValueStore<String, V> store);

    abstract void index(String key, V value);

    abstract void unindex(String key);

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(storeName);
        this.metrics = new RejectionMetrics(context.metrics());
        attach(store);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            skip(new Rejection(Reason.MISSING_ITEM_ID, "null key"));
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            unindex(record.key());
            return;
        }
        V value;
        try {
            value = deserializer.deserialize(storeName, record.headers(), record.value());
        } catch (dev.attune.serde.WireFormatException e) {
            if (e.reason() == dev.attune.serde.WireFormatException.Reason.REGISTRY_UNAVAILABLE) {
                throw e;
            }
            skip(new Rejection(Reason.valueOf(e.reason().name()), e.getMessage()));
            return;
        } catch (SerializationException e) {
            skip(new Rejection(Reason.INCOMPATIBLE_SCHEMA, e.getMessage()));
            return;
        }
        Rejection problem = check.problem(vectorOf(value));
        if (problem != null) {
            skip(new Rejection(problem.reason(), "key '" + record.key() + "': " + problem.detail()));
            return;
        }
        store.put(record.key(), value);
        index(record.key(), value);
    }

    private void skip(Rejection rejection) {
        metrics.record(rejection.reason());
        LOG.warn("skipped a record of {}: {} ({})", storeName, rejection.reason(), rejection.detail());
    }
}
