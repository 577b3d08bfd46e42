package dev.attune.bench.quality.engine;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.schema.ItemVector;
import dev.attune.schema.RecommendedItem;
import dev.attune.schema.TermVector;
import dev.attune.schema.UserInterests;
import dev.attune.serde.SerdeFactory;
import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.catalogue.Vocabulary;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.model.InterestModel;
import dev.attune.streams.model.InterestParams;
import dev.attune.streams.model.UserStateCodec;
import dev.attune.streams.processor.CooccurrenceStore;
import dev.attune.streams.processor.PopularityStores;
import dev.attune.streams.recommend.ItemCooccurrence;
import dev.attune.streams.recommend.Recommender;
import dev.attune.streams.recommend.RecommenderParams;
import dev.attune.streams.topology.AttuneTopology;
import dev.attune.streams.topology.StoreNames;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real streams-app topology ({@link AttuneTopology#build}, the app's own processors, stores and
 * configuration) in a {@link TopologyTestDriver}: vectors in, clicks in; the topology keeps each user's
 * interests ({@value StoreNames#USER_INTERESTS}) and the item click counts ({@value StoreNames#ITEM_CLICK_COUNTS},
 * {@value StoreNames#ITEM_CLICK_RANK}) and co-occurrences ({@value StoreNames#ITEM_COOCCURRENCE}).
 *
 * <p>A list is asked for only when it is scored: {@link #recommend} runs the engine's own {@link Recommender}
 * (the call the refresher makes, with the same catalogue, vocabulary, model and counts) on the user's stored
 * state. The driver's wall clock never moves, so the refresher's throttle lets only each user's first click
 * through (one refresh per user) and the replay does not pay for lists nobody reads; the list is the one the
 * refresher would emit from that state.
 */
public final class EngineReplay implements AutoCloseable {

    /**
     * Output and changelog topics are drained every this many clicks: the driver would otherwise keep every
     * record (the co-occurrence changelog alone gets up to cooccurrence.window + 1 rows per positive click).
     */
    private static final int DRAIN_EVERY = 200;

    private final StreamsAppConfig config;
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final Catalogue catalogue;
    private final Vocabulary vocabulary;
    private final TestInputTopic<String, ItemVector> items;
    private final TestInputTopic<String, TermVector> terms;
    private final TestInputTopic<String, ClickEvent> clicks;
    private final List<TestOutputTopic<byte[], byte[]>> outputs = new ArrayList<>();
    private final KeyValueStore<String, UserInterests> interests;
    private final PopularityStores popularity;
    private final ItemCooccurrence cooccurrence;
    private final InterestModel model;
    private final Map<RecommenderParams, Recommender> recommenders = new HashMap<>();
    private int sinceDrain;
    private long deadLetters;

    public EngineReplay(Map<String, ?> settings) throws IOException {
        this.stateDir = Files.createTempDirectory("attune-quality-");
        Map<String, Object> props = new HashMap<>(settings);
        props.put(StreamsAppConfig.STATE_DIR, stateDir.toString());
        this.config = new StreamsAppConfig(props);
        this.catalogue = AttuneTopology.newCatalogue(config);
        this.vocabulary = AttuneTopology.newVocabulary(config);
        this.driver = new TopologyTestDriver(AttuneTopology.build(config, catalogue, vocabulary),
                config.streamsProperties(), Instant.now());
        SerdeFactory serdes = SerdeFactory.forUrl(config.schemaRegistryUrl());
        StringSerializer keys = new StringSerializer();
        this.items = driver.createInputTopic(config.topic(StreamsAppConfig.TOPIC_ITEM_VECTORS), keys,
                serdes.value(ItemVector.class).serializer());
        this.terms = driver.createInputTopic(config.topic(StreamsAppConfig.TOPIC_TERM_VECTORS), keys,
                serdes.value(TermVector.class).serializer());
        this.clicks = driver.createInputTopic(config.topic(StreamsAppConfig.TOPIC_CLICKS), keys,
                serdes.value(ClickEvent.class).serializer());
        for (String topic : List.of(StreamsAppConfig.TOPIC_RECOMMENDATIONS, StreamsAppConfig.TOPIC_EXPLANATION_REQUESTS)) {
            outputs.add(driver.createOutputTopic(config.topic(topic), new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        }
        this.interests = driver.getKeyValueStore(StoreNames.USER_INTERESTS);
        KeyValueStore<String, Long> counts = driver.getKeyValueStore(StoreNames.ITEM_CLICK_COUNTS);
        KeyValueStore<Bytes, byte[]> rank = driver.getKeyValueStore(StoreNames.ITEM_CLICK_RANK);
        this.popularity = new PopularityStores(counts, rank);
        this.cooccurrence = (CooccurrenceStore) driver.getStateStore(StoreNames.ITEM_COOCCURRENCE);
        this.model = new InterestModel(InterestParams.from(config), vocabulary);
    }

    public StreamsAppConfig config() {
        return config;
    }

    public void item(ItemVector item) {
        items.pipeInput(item.getItemId(), item, item.getSourceUpdatedAt());
    }

    public void term(String key, TermVector term) {
        terms.pipeInput(key, term);
    }

    /** Items the engine's vector index holds (a check that every item vector was accepted). */
    public int indexedItems() {
        return catalogue.size();
    }

    public void click(String userId, String itemId, EventKind kind, long eventTimeMillis) {
        Instant t = Instant.ofEpochMilli(eventTimeMillis);
        clicks.pipeInput(userId, new ClickEvent(userId, itemId, kind, t, null, Map.of()), t);
        if (++sinceDrain >= DRAIN_EVERY) {
            drain();
        }
    }

    /** The engine's parameters for this run. */
    public RecommenderParams params() {
        return RecommenderParams.from(config);
    }

    /** The engine's list for the user from their current state, with {@code params}; empty before their first event. */
    public List<RecommendedItem> recommend(String userId, RecommenderParams params) {
        UserInterests stored = interests.get(userId);
        if (stored == null) {
            return List.of();
        }
        Recommender recommender = recommenders.computeIfAbsent(params, p -> new Recommender(p, model, catalogue));
        return recommender.recommend(UserStateCodec.decode(stored, catalogue), popularity, cooccurrence);
    }

    /** The engine's stored interest state of the user (null before their first event). */
    public UserInterests interests(String userId) {
        return interests.get(userId);
    }

    /** Records the engine sent to the dead-letter topic (nonzero means some input was rejected). */
    public long deadLetters() {
        drain();
        return deadLetters;
    }

    private void drain() {
        sinceDrain = 0;
        outputs.forEach(TestOutputTopic::readRecordsToList);
        for (String topic : driver.producedTopicNames()) {
            if (topic.endsWith("-changelog")) {
                driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
            }
        }
        if (driver.producedTopicNames().contains(config.topic(StreamsAppConfig.TOPIC_DEAD_LETTER))) {
            deadLetters += driver.createOutputTopic(config.topic(StreamsAppConfig.TOPIC_DEAD_LETTER),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList().size();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.close();
        } finally {
            catalogue.close();
            vocabulary.close();
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
