package dev.attune.streams.topology;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.ExplanationRequest;
import dev.attune.schema.ItemVector;
import dev.attune.schema.QueryVector;
import dev.attune.schema.Recommendations;
import dev.attune.schema.TermVector;
import dev.attune.schema.UserInterests;
import dev.attune.serde.SerdeFactory;
import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.catalogue.CatalogueUpdater;
import dev.attune.streams.catalogue.VectorCheck;
import dev.attune.streams.catalogue.Vocabulary;
import dev.attune.streams.catalogue.VocabularyUpdater;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.explain.PromptRenderer;
import dev.attune.streams.model.EventWeights;
import dev.attune.streams.model.InterestModel;
import dev.attune.streams.model.InterestParams;
import dev.attune.streams.processor.ClickValidator;
import dev.attune.streams.processor.CooccurrenceCounter;
import dev.attune.streams.processor.CooccurrenceStore;
import dev.attune.streams.processor.ExplanationEmitter;
import dev.attune.streams.processor.InterestUpdater;
import dev.attune.streams.processor.PopularityCounter;
import dev.attune.streams.processor.QueryValidator;
import dev.attune.streams.processor.RecommendationRefresher;
import dev.attune.streams.processor.StoredListSerde;
import dev.attune.streams.processor.StoredStateSerde;
import dev.attune.streams.recommend.Recommender;
import dev.attune.streams.recommend.RecommenderParams;
import dev.attune.streams.recommend.RetrievalCache;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole streams-app topology, wired in one place from named nodes and stores
 * ({@link ProcessorNames}, {@link StoreNames}); {@code StreamsAppMain} and the tests both use it.
 * <pre>
 * item-vectors ─► catalogue-updater ─► item-catalogue (global) + Catalogue HNSW index
 * term-vectors ─► vocabulary-updater ─► term-vocabulary (global) + Vocabulary HNSW index
 * clicks ────────► click-validator ─┐                       ┌─► recommendations
 * query-vectors ─► query-validator ─┴─► interest-updater ─► recommendation-refresher ─► explanation-emitter ─► explanation-requests
 *                                              ├─► popularity-counter ─► item-click-counts, item-click-rank (read by the refresher)
 *                                              └─► cooccurrence-counter ─► item-cooccurrence (read by the refresher)
 *                    (bad input, timed-out clicks) ─► attune-dead-letter
 * </pre>
 * The clicks and query-vectors topics must be co-partitioned (same partition count, keyed by user id).
 */
public final class AttuneTopology {

    private AttuneTopology() {
    }

    /** A catalogue sized for {@code config}; pass the same one to {@link #build} and to the REST layer. */
    public static Catalogue newCatalogue(StreamsAppConfig config) {
        return new Catalogue(config.getInt(StreamsAppConfig.VECTOR_DIMENSION),
                config.getInt(StreamsAppConfig.EXPLANATION_ITEM_CACHE));
    }

    public static Vocabulary newVocabulary(StreamsAppConfig config) {
        return new Vocabulary(config.getInt(StreamsAppConfig.VECTOR_DIMENSION),
                config.getInt(StreamsAppConfig.LABEL_TERMS), config.getDouble(StreamsAppConfig.LABEL_MIN_SIMILARITY));
    }

    /**
     * The instance's retrieval cache ({@code refresh.cache.bytes}), which every stream task's refresher shares; pass
     * the same one to {@link #build(StreamsAppConfig, Catalogue, Vocabulary, RetrievalCache.Shared)} and to whatever
     * reports its size ({@link dev.attune.streams.recommend.RetrievalCacheMeters}).
     */
    public static RetrievalCache.Shared newRetrievalCache(StreamsAppConfig config) {
        return new RetrievalCache.Shared(config.getLong(StreamsAppConfig.REFRESH_CACHE_BYTES),
                config.getDouble(StreamsAppConfig.REFRESH_CACHE_NEARBY_MIN_COSINE));
    }

    /**
     * The value serde of {@value StoreNames#USER_INTERESTS} ({@code interest.store.format}): for whatever reads or
     * writes that store's changelog outside the topology (benchmarks, tools), as the topology does.
     */
    public static Serde<UserInterests> userInterestsSerde(StreamsAppConfig config, SerdeFactory serdes) {
        return new StoredStateSerde(serdes.value(UserInterests.class),
                config.getInt(StreamsAppConfig.INTEREST_STORE_FORMAT));
    }

    /** The topology with a retrieval cache of its own ({@link #newRetrievalCache}). */
    public static Topology build(StreamsAppConfig config, Catalogue catalogue, Vocabulary vocabulary) {
        return build(config, catalogue, vocabulary, newRetrievalCache(config));
    }

    /**
     * The topology; {@code searchHits}: the instance's retrieval cache, one per instance so that every task's refreshes
     * reuse each other's searches within one heap budget.
     */
    public static Topology build(StreamsAppConfig config, Catalogue catalogue, Vocabulary vocabulary,
            RetrievalCache.Shared searchHits) {
        SerdeFactory serdes = SerdeFactory.forUrl(config.schemaRegistryUrl());
        VectorCheck vectorCheck = new VectorCheck(config.getString(StreamsAppConfig.VECTOR_MODEL),
                config.getInt(StreamsAppConfig.VECTOR_DIMENSION));
        InterestModel model = new InterestModel(InterestParams.from(config), vocabulary);
        Recommender recommender = new Recommender(RecommenderParams.from(config), model, catalogue);
        long maxSkew = config.getLong(StreamsAppConfig.MAX_FUTURE_SKEW_MS);
        Topology topology = new Topology();

        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ITEM_CATALOGUE),
                        Serdes.String(), serdes.value(ItemVector.class)).withLoggingDisabled().withCachingDisabled(),
                ProcessorNames.ITEMS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                config.topic(StreamsAppConfig.TOPIC_ITEM_VECTORS), ProcessorNames.CATALOGUE_UPDATER,
                () -> new CatalogueUpdater(catalogue, serdes.value(ItemVector.class).deserializer(), vectorCheck));
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.TERM_VOCABULARY),
                        Serdes.String(), serdes.value(TermVector.class)).withLoggingDisabled().withCachingDisabled(),
                ProcessorNames.TERMS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                config.topic(StreamsAppConfig.TOPIC_TERM_VECTORS), ProcessorNames.VOCABULARY_UPDATER,
                () -> new VocabularyUpdater(vocabulary, serdes.value(TermVector.class).deserializer(), vectorCheck));

        topology.addSource(ProcessorNames.CLICKS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                config.topic(StreamsAppConfig.TOPIC_CLICKS));
        topology.addSource(ProcessorNames.QUERIES_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                config.topic(StreamsAppConfig.TOPIC_QUERY_VECTORS));
        topology.addProcessor(ProcessorNames.CLICK_VALIDATOR,
                () -> new ClickValidator(serdes.value(ClickEvent.class).deserializer(), maxSkew),
                ProcessorNames.CLICKS_SOURCE);
        topology.addProcessor(ProcessorNames.QUERY_VALIDATOR,
                () -> new QueryValidator(serdes.value(QueryVector.class).deserializer(), maxSkew, vectorCheck),
                ProcessorNames.QUERIES_SOURCE);
        topology.addProcessor(ProcessorNames.INTEREST_UPDATER,
                () -> new InterestUpdater(model, EventWeights.from(config), catalogue,
                        serdes.value(ClickEvent.class).deserializer(), InterestUpdater.Settings.from(config)),
                ProcessorNames.CLICK_VALIDATOR, ProcessorNames.QUERY_VALIDATOR);
        topology.addProcessor(ProcessorNames.POPULARITY_COUNTER, PopularityCounter::new, ProcessorNames.INTEREST_UPDATER);
        int cooccurrenceTopK = config.getInt(StreamsAppConfig.COOCCURRENCE_TOP_K);
        topology.addProcessor(ProcessorNames.COOCCURRENCE_COUNTER, CooccurrenceCounter::new,
                ProcessorNames.INTEREST_UPDATER);
        topology.addProcessor(ProcessorNames.RECOMMENDATION_REFRESHER,
                () -> new RecommendationRefresher(recommender, catalogue, config.getString(StreamsAppConfig.VECTOR_MODEL),
                        new RecommendationRefresher.Throttle(config.getLong(StreamsAppConfig.REFRESH_INTERVAL_MS),
                                config.getInt(StreamsAppConfig.REFRESH_MAX_PER_SECOND)),
                        config.getLong(StreamsAppConfig.REFRESH_POPULARITY_MAX_AGE_MS),
                        searchHits),
                ProcessorNames.INTEREST_UPDATER);
        topology.addProcessor(ProcessorNames.EXPLANATION_EMITTER,
                () -> new ExplanationEmitter(catalogue,
                        new PromptRenderer(config.getString(StreamsAppConfig.EXPLANATION_PROMPT_VERSION)),
                        new ExplanationEmitter.Dedup(config.getLong(StreamsAppConfig.EXPLANATION_DEDUP_WINDOW_MS),
                                config.getInt(StreamsAppConfig.EXPLANATION_DEDUP_MAX_PER_USER),
                                config.getInt(StreamsAppConfig.EXPLANATION_HISTORY_FORMAT)),
                        config.getInt(StreamsAppConfig.EXPLANATION_MAX_PER_REFRESH)),
                ProcessorNames.RECOMMENDATION_REFRESHER);

        topology.addSink(ProcessorNames.RECOMMENDATIONS_SINK, config.topic(StreamsAppConfig.TOPIC_RECOMMENDATIONS),
                new StringSerializer(), serdes.value(Recommendations.class).serializer(),
                ProcessorNames.RECOMMENDATION_REFRESHER);
        topology.addSink(ProcessorNames.EXPLANATIONS_SINK, config.topic(StreamsAppConfig.TOPIC_EXPLANATION_REQUESTS),
                new StringSerializer(), serdes.value(ExplanationRequest.class).serializer(),
                ProcessorNames.EXPLANATION_EMITTER);
        topology.addSink(ProcessorNames.DEAD_LETTER_SINK, config.topic(StreamsAppConfig.TOPIC_DEAD_LETTER),
                new ByteArraySerializer(), new ByteArraySerializer(),
                ProcessorNames.CLICK_VALIDATOR, ProcessorNames.QUERY_VALIDATOR, ProcessorNames.INTEREST_UPDATER);

        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.USER_INTERESTS),
                Serdes.String(), userInterestsSerde(config, serdes)),
                ProcessorNames.INTEREST_UPDATER, ProcessorNames.RECOMMENDATION_REFRESHER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.PENDING_CLICKS),
                Serdes.String(), Serdes.ByteArray()), ProcessorNames.INTEREST_UPDATER);
        // without the items' titles (a read takes them from the catalogue): most of the list's bytes
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.USER_RECOMMENDATIONS),
                Serdes.String(), new StoredListSerde(catalogue, serdes.value(Recommendations.class),
                        config.getInt(StreamsAppConfig.RECOMMEND_STORE_FORMAT))),
                ProcessorNames.RECOMMENDATION_REFRESHER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.REFRESH_DUE),
                Serdes.String(), Serdes.Long()), ProcessorNames.RECOMMENDATION_REFRESHER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.REFRESH_LAST),
                Serdes.String(), Serdes.Long()).withLoggingDisabled(), ProcessorNames.RECOMMENDATION_REFRESHER);
        // in memory: one entry per item (a few MB per task at 100k items), and four operations a click, which in
        // RocksDB were the largest share of the stream threads' native time. The counts are restored from their
        // changelog; the rank is derived from them when the task starts (PopularityStores.rebuildRank), so a click
        // writes one changelog record for them, not three.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.ITEM_CLICK_COUNTS),
                Serdes.String(), Serdes.Long()), ProcessorNames.POPULARITY_COUNTER, ProcessorNames.RECOMMENDATION_REFRESHER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.ITEM_CLICK_RANK),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled(),
                ProcessorNames.POPULARITY_COUNTER, ProcessorNames.RECOMMENDATION_REFRESHER);
        // keeps rows decoded in memory and writes each changed row once per commit
        topology.addStateStore(CooccurrenceStore.builder(StoreNames.ITEM_COOCCURRENCE, cooccurrenceTopK,
                        config.getInt(StreamsAppConfig.COOCCURRENCE_ROW_FORMAT),
                        config.getInt(StreamsAppConfig.COOCCURRENCE_CACHE_ROWS)),
                ProcessorNames.COOCCURRENCE_COUNTER, ProcessorNames.RECOMMENDATION_REFRESHER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.EXPLAINED_ITEMS),
                Serdes.String(), Serdes.ByteArray()), ProcessorNames.EXPLANATION_EMITTER);
        return topology;
    }
}
