package dev.attune.bench.quality.engine;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.schema.ItemVector;
import dev.attune.schema.Recommendations;
import dev.attune.schema.RecommendedItem;
import dev.attune.schema.TermVector;
import dev.attune.schema.UserInterests;
import dev.attune.serde.SerdeFactory;
import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.catalogue.Vocabulary;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.topology.AttuneTopology;
import dev.attune.streams.topology.StoreNames;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real streams-app topology ({@link AttuneTopology#build}, the app's own processors, stores and
 * configuration) in a {@link TopologyTestDriver}: vectors in, clicks in, the user's latest list out of the
 * {@value StoreNames#USER_RECOMMENDATIONS} store.
 *
 * <p>The refresh throttle stays on (its default interval): a user's first click in a while refreshes at
 * once and later ones only mark the user due. {@link #latestList} first advances the driver's wall clock by
 * one interval, which makes the refresher's punctuator refresh every due user from their latest state, so
 * the list read is always the one for everything piped so far, at a cost of about one refresh per user per
 * read instead of one per click.
 */
public final class EngineReplay implements AutoCloseable {

    /** Output topics are drained every this many clicks: the driver would otherwise keep every record. */
    private static final int DRAIN_EVERY = 2_000;

    private final StreamsAppConfig config;
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final Catalogue catalogue;
    private final Vocabulary vocabulary;
    private final TestInputTopic<String, ItemVector> items;
    private final TestInputTopic<String, TermVector> terms;
    private final TestInputTopic<String, ClickEvent> clicks;
    private final List<TestOutputTopic<byte[], byte[]>> outputs = new ArrayList<>();
    private final KeyValueStore<String, Recommendations> lists;
    private final KeyValueStore<String, UserInterests> interests;
    private final Duration refreshInterval;
    private boolean changedSinceRefresh;
    private int sinceDrain;
    private long deadLetters;
    private long refreshTicks;

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
        this.lists = driver.getKeyValueStore(StoreNames.USER_RECOMMENDATIONS);
        this.interests = driver.getKeyValueStore(StoreNames.USER_INTERESTS);
        this.refreshInterval = config.duration(StreamsAppConfig.REFRESH_INTERVAL_MS).plusMillis(1);
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
        changedSinceRefresh = true;
        if (++sinceDrain >= DRAIN_EVERY) {
            drain();
        }
    }

    /** The engine's current list for the user (after any throttled refresh is due), best first. */
    public List<RecommendedItem> latestList(String userId) {
        if (changedSinceRefresh) {
            driver.advanceWallClockTime(refreshInterval);
            refreshTicks++;
            changedSinceRefresh = false;
        }
        Recommendations list = lists.get(userId);
        return list == null ? List.of() : list.getItems();
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

    public long refreshTicks() {
        return refreshTicks;
    }

    private void drain() {
        sinceDrain = 0;
        outputs.forEach(TestOutputTopic::readRecordsToList);
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
