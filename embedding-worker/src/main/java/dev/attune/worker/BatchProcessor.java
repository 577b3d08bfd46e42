package dev.attune.worker;

import dev.attune.kafka.DeadLetters;
import dev.attune.schema.Facet;
import dev.attune.schema.ItemEvent;
import dev.attune.schema.ItemVector;
import dev.attune.schema.QueryEvent;
import dev.attune.schema.QueryVector;
import dev.attune.schema.TermSource;
import dev.attune.schema.TermVector;
import dev.attune.schema.Vector;
import dev.attune.serde.SerdeFactory;
import dev.attune.serde.WireFormatException;
import dev.attune.vector.Vectors;
import dev.attune.worker.config.WorkerConfig;
import dev.attune.worker.metrics.WorkerMetrics;
import dev.attune.worker.model.TextEncoder;
import dev.attune.worker.model.TextKind;
import dev.attune.worker.query.Candidate;
import dev.attune.worker.query.QueryDecomposer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Turns one batch of input records into output records, with no Kafka I/O of its own: decode, route bad
 * input to dead letters, collect the distinct texts of the batch (item texts, new terms, queries and
 * their candidate phrases), embed each once in model calls of at most {@code batch.max.size}, then
 * build the vectors in input order. The worker sends the outcome in one transaction.
 */
final class BatchProcessor {

    static final String SERVICE = "embedding-worker";
    /** Most candidate phrases per model call when batch.max.size is smaller. */
    static final int QUERY_CALL_CAP = 64;

    private final String itemsTopic;
    private final String itemVectorsTopic;
    private final String queryVectorsTopic;
    private final String termVectorsTopic;
    private final String deadLetterTopic;
    private final int maxChars;
    private final int maxBatch;
    private final TextEncoder encoder;
    private final QueryDecomposer decomposer;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final LruCache<String, float[]> queryCache;
    private final LruCache<String, Boolean> emittedTerms;
    private final Set<String> inFlightTerms = new java.util.HashSet<>();
    private final Deserializer<ItemEvent> itemReader;
    private final Deserializer<QueryEvent> queryReader;
    private final Serializer<ItemVector> itemWriter;
    private final Serializer<QueryVector> queryWriter;
    private final Serializer<TermVector> termWriter;

    BatchProcessor(WorkerConfig config, TextEncoder encoder, SerdeFactory serdes, WorkerMetrics metrics, Clock clock) {
        this.itemsTopic = config.getString(WorkerConfig.TOPIC_ITEMS);
        this.itemVectorsTopic = config.getString(WorkerConfig.TOPIC_ITEM_VECTORS);
        this.queryVectorsTopic = config.getString(WorkerConfig.TOPIC_QUERY_VECTORS);
        this.termVectorsTopic = config.getString(WorkerConfig.TOPIC_TERM_VECTORS);
        this.deadLetterTopic = config.getString(WorkerConfig.TOPIC_DEAD_LETTER);
        this.maxChars = config.getInt(WorkerConfig.TEXT_MAX_CHARS);
        this.maxBatch = config.getInt(WorkerConfig.BATCH_MAX_SIZE);
        this.encoder = encoder;
        this.decomposer = new QueryDecomposer(config.getInt(WorkerConfig.FACETS_MAX),
                config.getInt(WorkerConfig.FACETS_MAX_NEGATIVE), config.getDouble(WorkerConfig.FACETS_RELEVANCE),
                config.getDouble(WorkerConfig.FACETS_MIN_SIMILARITY));
        this.metrics = metrics;
        this.clock = clock;
        this.queryCache = new LruCache<>(config.getInt(WorkerConfig.QUERY_CACHE_SIZE));
        this.emittedTerms = new LruCache<>(config.getInt(WorkerConfig.TERM_CACHE_SIZE));
        this.itemReader = serdes.value(ItemEvent.class).deserializer();
        this.queryReader = serdes.value(QueryEvent.class).deserializer();
        this.itemWriter = serdes.value(ItemVector.class).serializer();
        this.queryWriter = serdes.value(QueryVector.class).serializer();
        this.termWriter = serdes.value(TermVector.class).serializer();
    }

    /** A record waiting for its vectors, or a finished one. */
    private sealed interface Pending permits Done, ItemWork, QueryWork {
    }

    private record Done(ProducerRecord<byte[], byte[]> record) implements Pending {
    }

    private record ItemWork(ConsumerRecord<byte[], byte[]> in, ItemEvent item, String text, float[] precomputed) implements Pending {
    }

    private record QueryWork(ConsumerRecord<byte[], byte[]> in, QueryEvent query, String text, List<Candidate> candidates)
            implements Pending {
    }

    private record TermWork(String term, TermSource source, Long timestamp) {
    }

    Outcome process(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Pending> pending = new ArrayList<>(records.size());
        Map<String, TermWork> terms = new LinkedHashMap<>();
        Set<String> passages = new LinkedHashSet<>();
        Set<String> queries = new LinkedHashSet<>();
        Set<String> phrases = new LinkedHashSet<>();
        for (ConsumerRecord<byte[], byte[]> in : records) {
            Pending p = in.topic().equals(itemsTopic) ? item(in, terms) : query(in);
            pending.add(p);
            if (p instanceof ItemWork w && w.precomputed() == null) {
                passages.add(w.text());
            } else if (p instanceof QueryWork w) {
                queries.add(w.text());
                w.candidates().forEach(c -> phrases.add(c.phrase()));
            }
        }
        terms.values().forEach(t -> passages.add(ItemText.term(t.term())));
        Map<String, float[]> passageVectors = embed(TextKind.PASSAGE, passages, maxBatch);
        Map<String, float[]> queryVectors = embedQueries(queries, maxBatch);
        // Candidate phrases (one or two words) get calls of their own: in one call with whole queries they would be
        // padded to the longest query (measured: a lone query plus its phrases in two calls takes about a third less
        // model time than in one). They are not split below QUERY_CALL_CAP per call, even at a small batch.max.size.
        phrases.removeAll(queries);
        queryVectors.putAll(embedQueries(phrases, Math.max(maxBatch, Math.min(QUERY_CALL_CAP, phrases.size()))));

        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(pending.size() + terms.size());
        for (Pending p : pending) {
            if (p instanceof Done d) {
                out.add(d.record());
            } else if (p instanceof ItemWork w) {
                out.add(itemVector(w, w.precomputed() != null ? w.precomputed() : passageVectors.get(w.text())));
            } else if (p instanceof QueryWork w) {
                out.add(queryVector(w, queryVectors));
            }
        }
        terms.forEach((key, t) -> out.add(termVector(key, t, passageVectors.get(ItemText.term(t.term())))));
        return new Outcome(out, terms.keySet());
    }

    /**
     * One model call of each kind at the batch size before the first poll, so the first records do not pay for
     * the JIT and ONNX Runtime's first allocations at that shape.
     */
    void warmUp() {
        List<String> texts = java.util.Collections.nCopies(Math.min(maxBatch, 8), "warm-up: a short sentence for the encoder");
        encoder.embed(texts, TextKind.PASSAGE);
        encoder.embed(texts, TextKind.QUERY);
    }

    /** Terms of batches whose transactions are not committed yet: later batches do not write them again. */
    void submitted(Set<String> terms) {
        inFlightTerms.addAll(terms);
    }

    /** Remembers terms whose vectors are committed, so later batches do not embed them again. */
    void committed(Set<String> terms) {
        terms.forEach(t -> emittedTerms.put(t, Boolean.TRUE));
        inFlightTerms.removeAll(terms);
    }

    /** The transactions in flight were aborted: their terms are written again when their records are read again. */
    void aborted() {
        inFlightTerms.clear();
    }

    private Pending item(ConsumerRecord<byte[], byte[]> in, Map<String, TermWork> terms) {
        if (in.value() == null) {
            if (in.key() == null) {
                return deadLetter(in, "MISSING_KEY", "an item tombstone needs the item id as key");
            }
            return new Done(new ProducerRecord<>(itemVectorsTopic, null, timestamp(in), in.key(), (byte[]) null));
        }
        ItemEvent item;
        try {
            item = itemReader.deserialize(in.topic(), in.value());
        } catch (WireFormatException e) {
            return undecodable(in, e);
        } catch (RuntimeException e) {
            return deadLetter(in, "UNDECODABLE", e.toString());
        }
        String text = ItemText.of(item);
        if (text.isBlank()) {
            return deadLetter(in, "EMPTY_TEXT", "item " + item.getItemId() + " has no title, description, tags or categories");
        }
        for (String tag : item.getTags()) {
            addTerm(terms, tag, TermSource.TAG, timestamp(in));
        }
        for (String category : item.getCategories()) {
            addTerm(terms, category, TermSource.CATEGORY, timestamp(in));
        }
        return new ItemWork(in, item, truncate(text), usablePrecomputed(item.getPrecomputedVector()));
    }

    private Pending query(ConsumerRecord<byte[], byte[]> in) {
        if (in.value() == null) {
            return deadLetter(in, "MISSING_VALUE", "a query record has no value (tombstones mean nothing on the queries topic)");
        }
        QueryEvent query;
        try {
            query = queryReader.deserialize(in.topic(), in.value());
        } catch (WireFormatException e) {
            return undecodable(in, e);
        } catch (RuntimeException e) {
            return deadLetter(in, "UNDECODABLE", e.toString());
        }
        if (query.getText() == null || query.getText().isBlank()) {
            return deadLetter(in, "EMPTY_TEXT", "query " + query.getQueryId() + " of user " + query.getUserId() + " has no text");
        }
        String text = truncate(query.getText().strip());
        return new QueryWork(in, query, text, decomposer.candidates(text));
    }

    private Pending undecodable(ConsumerRecord<byte[], byte[]> in, WireFormatException e) {
        if (e.reason() == WireFormatException.Reason.REGISTRY_UNAVAILABLE) {
            throw e; // transient: the whole batch is retried, nothing is dead-lettered
        }
        return deadLetter(in, e.reason().name(), e.getMessage());
    }

    private Done deadLetter(ConsumerRecord<byte[], byte[]> in, String reason, String detail) {
        metrics.deadLetter(reason);
        if (in.timestamp() >= 0) {
            return new Done(DeadLetters.of(in, deadLetterTopic, SERVICE, reason, detail));
        }
        // A record without a timestamp (old message format) is dead-lettered too; the producer stamps the time.
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(deadLetterTopic, null, null, in.key(), in.value(), in.headers());
        DeadLetters.stamp(out.headers(), SERVICE, reason, detail, in.topic(), in.partition(), in.offset());
        return new Done(out);
    }

    /** The input's timestamp carried to its outputs; null (the producer's clock) when it has none. */
    private static Long timestamp(ConsumerRecord<byte[], byte[]> in) {
        return in.timestamp() >= 0 ? in.timestamp() : null;
    }

    private void addTerm(Map<String, TermWork> terms, String term, TermSource source, Long timestamp) {
        String key = ItemText.termKey(term);
        if (!key.isEmpty() && !emittedTerms.contains(key) && !inFlightTerms.contains(key)) {
            terms.putIfAbsent(key, new TermWork(ItemText.term(term), source, timestamp));
        }
    }

    private float[] usablePrecomputed(Vector v) {
        if (v == null || !encoder.modelId().equals(v.getModel()) || v.getDimension() != encoder.dimension()
                || v.getValues().size() != encoder.dimension()) {
            return null;
        }
        float[] values = new float[v.getValues().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = v.getValues().get(i);
        }
        return Vectors.firstNonFinite(values) == null && Vectors.norm(values) > 0 ? Vectors.normalizeInPlace(values) : null;
    }

    private String truncate(String text) {
        if (text.length() > maxChars) {
            metrics.truncated();
            return ItemText.truncate(text, maxChars);
        }
        return text;
    }

    private Map<String, float[]> embedQueries(Set<String> texts, int callSize) {
        Map<String, float[]> vectors = new HashMap<>();
        Set<String> misses = new LinkedHashSet<>();
        for (String text : texts) {
            float[] cached = queryCache.get(text);
            metrics.cache(cached != null);
            if (cached != null) {
                vectors.put(text, cached);
            } else {
                misses.add(text);
            }
        }
        Map<String, float[]> fresh = embed(TextKind.QUERY, misses, callSize);
        fresh.forEach(queryCache::put);
        vectors.putAll(fresh);
        return vectors;
    }

    private Map<String, float[]> embed(TextKind kind, Set<String> texts, int callSize) {
        Map<String, float[]> vectors = new HashMap<>();
        List<String> all = new ArrayList<>(texts);
        for (int from = 0; from < all.size(); from += callSize) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + callSize));
            long start = System.nanoTime();
            float[][] result = encoder.embed(chunk, kind);
            metrics.modelCall(kind, chunk.size(), System.nanoTime() - start);
            for (int i = 0; i < chunk.size(); i++) {
                vectors.put(chunk.get(i), result[i]);
            }
        }
        return vectors;
    }

    private ProducerRecord<byte[], byte[]> itemVector(ItemWork w, float[] vector) {
        ItemEvent item = w.item();
        ItemVector value = ItemVector.newBuilder()
                .setItemId(item.getItemId())
                .setVector(avro(vector))
                .setTitle(item.getTitle())
                .setDescription(item.getDescription())
                .setTags(item.getTags())
                .setCategories(item.getCategories())
                .setSourceUpdatedAt(item.getUpdatedAt())
                .setEmbeddedAt(clock.instant())
                .build();
        byte[] key = w.in().key() != null ? w.in().key() : utf8(item.getItemId());
        return new ProducerRecord<>(itemVectorsTopic, null, timestamp(w.in()), key, itemWriter.serialize(itemVectorsTopic, value));
    }

    private ProducerRecord<byte[], byte[]> queryVector(QueryWork w, Map<String, float[]> vectors) {
        float[] whole = vectors.get(w.text());
        List<Facet> facets = new ArrayList<>();
        for (QueryDecomposer.Facet f : decomposer.decompose(w.text(), whole, w.candidates(), vectors::get)) {
            facets.add(Facet.newBuilder().setPhrase(f.phrase()).setVector(avro(f.vector()))
                    .setWeight(f.weight()).setPolarity(f.polarity()).build());
        }
        QueryEvent q = w.query();
        QueryVector value = QueryVector.newBuilder()
                .setUserId(q.getUserId())
                .setQueryId(q.getQueryId())
                .setText(w.text())
                .setEventTime(q.getEventTime())
                .setWhole(avro(whole))
                .setFacets(facets)
                .build();
        byte[] key = w.in().key() != null ? w.in().key() : utf8(q.getUserId());
        return new ProducerRecord<>(queryVectorsTopic, null, timestamp(w.in()), key, queryWriter.serialize(queryVectorsTopic, value));
    }

    private ProducerRecord<byte[], byte[]> termVector(String key, TermWork t, float[] vector) {
        TermVector value = TermVector.newBuilder().setTerm(t.term()).setSource(t.source()).setVector(avro(vector)).build();
        return new ProducerRecord<>(termVectorsTopic, null, t.timestamp(), utf8(key), termWriter.serialize(termVectorsTopic, value));
    }

    private Vector avro(float[] v) {
        List<Float> values = new ArrayList<>(v.length);
        for (float x : v) {
            values.add(x);
        }
        return Vector.newBuilder().setModel(encoder.modelId()).setDimension(v.length).setValues(values).build();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
