package dev.attune.bench.pipeline;

import dev.attune.bench.load.EventEncoder;
import dev.attune.bench.load.ItemSpace;
import dev.attune.bench.load.LoadEvent;
import dev.attune.bench.load.Popularity;
import dev.attune.bench.load.Workload;
import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.catalogue.Vocabulary;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.topology.AttuneTopology;
import dev.attune.streams.topology.StoreNames;
import dev.attune.serde.SerdeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The streams app's real topology in a {@link TopologyTestDriver} (real processors, real RocksDB
 * stores, no broker) with a catalogue of synthetic items already indexed: the fixture of the
 * per-event cost benchmark. Every click refreshes (refresh interval 0), so one event costs one
 * interest update plus one retrieval.
 */
public final class EngineFixture implements AutoCloseable {

    private final StreamsAppConfig config;
    private final Catalogue catalogue;
    private final Vocabulary vocabulary;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> clicks;
    private final EventEncoder encoder;
    private final Workload workload;
    private final Path stateDir;
    private final SerdeFactory serdes;

    public EngineFixture(Workload workload, Map<String, String> overrides) throws IOException {
        this(workload, overrides, id -> null, Instant.now());
    }

    /**
     * The same with item titles from {@code titles} (null for an item: the synthetic "Item id (genre-c)") and the
     * driver's wall clock (the processors' {@code currentSystemTimeMs}) starting at {@code wallClock}.
     */
    public EngineFixture(Workload workload, Map<String, String> overrides, Function<String, String> titles,
                         Instant wallClock) throws IOException {
        this.workload = workload;
        this.stateDir = Files.createTempDirectory("attune-bench-engine-");
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, "mock://bench-engine-" + System.nanoTime());
        settings.put(StreamsAppConfig.REFRESH_INTERVAL_MS, "0");
        settings.put(StreamsAppConfig.STATE_DIR, stateDir.toString());
        settings.put(StreamsAppConfig.VECTOR_DIMENSION, Integer.toString(workload.space().dimension()));
        settings.putAll(overrides);
        this.config = new StreamsAppConfig(settings);
        this.catalogue = AttuneTopology.newCatalogue(config);
        this.vocabulary = AttuneTopology.newVocabulary(config);
        Properties props = config.streamsProperties();
        this.driver = new TopologyTestDriver(AttuneTopology.build(config, catalogue, vocabulary), props, wallClock);
        this.serdes = SerdeFactory.forUrl(config.schemaRegistryUrl());
        this.encoder = new EventEncoder(serdes, workload.space(), config.getString(StreamsAppConfig.VECTOR_MODEL), 7);
        String itemTopic = config.topic(StreamsAppConfig.TOPIC_ITEM_VECTORS);
        TestInputTopic<String, byte[]> items = driver.createInputTopic(itemTopic, new StringSerializer(), new ByteArraySerializer());
        Popularity popularity = workload.popularity();
        long now = wallClock.toEpochMilli();
        for (int i = 0; i < popularity.size(); i++) {
            String id = popularity.itemId(i);
            String title = titles.apply(id);
            items.pipeInput(id, title == null ? encoder.item(itemTopic, id, i, now)
                    : encoder.item(itemTopic, id, i, now, title));
        }
        this.clicks = driver.createInputTopic(config.topic(StreamsAppConfig.TOPIC_CLICKS), new StringSerializer(),
                new ByteArraySerializer());
        if (catalogue.size() != popularity.size()) {
            throw new IllegalStateException("catalogue has " + catalogue.size() + " of " + popularity.size() + " items");
        }
    }

    public StreamsAppConfig config() {
        return config;
    }

    /** The serdes of the app's schema registry (a mock), to read what the topology wrote. */
    public SerdeFactory serdes() {
        return serdes;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public ItemSpace space() {
        return workload.space();
    }

    /** The next click of the workload, encoded as the app reads it, timed now. */
    public byte[] nextClick(LoadEvent.Click click) {
        return click(click, System.currentTimeMillis());
    }

    /** A click encoded as the app reads it, with the given event time. */
    public byte[] click(LoadEvent.Click click, long eventTimeMs) {
        return encoder.click(config.topic(StreamsAppConfig.TOPIC_CLICKS), click, eventTimeMs);
    }

    /** Runs one encoded click through every processor (validator, interest updater, refresher, explanations). */
    public void pipeClick(String userId, byte[] value) {
        clicks.pipeInput(userId, value);
    }

    /** Runs one encoded click with {@code timestampMs} as its record's timestamp. */
    public void pipeClick(String userId, byte[] value, long timestampMs) {
        clicks.pipeInput(userId, value, timestampMs);
    }

    /** The topology's refresh counters so far. */
    public RefreshCounts refreshCounts() {
        return RefreshCounts.of(driver.metrics());
    }

    /** Moves the processors' wall clock forward by {@code by}; wall-clock punctuators run as they would. */
    public void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    /** Drops the outputs collected so far (the driver keeps them in memory), decoding nothing. */
    public void drainOutputs() {
        driver.producedTopicNames().forEach(topic -> driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList());
    }

    /**
     * Drops the outputs collected so far, folding each store's changelog records into {@code latest} (changelog topic
     * to record key to value, as a compacted changelog keeps it: the latest value per key, a tombstone removing it).
     */
    public void foldChangelogs(Map<String, Map<String, byte[]>> latest) {
        for (String topic : driver.producedTopicNames()) {
            var records = driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer())
                    .readKeyValuesToList();
            if (!StoreNames.isChangelogTopic(topic)) {
                continue;
            }
            Map<String, byte[]> values = latest.computeIfAbsent(topic, t -> new HashMap<>());
            for (var record : records) {
                if (record.value == null) {
                    values.remove(record.key);
                } else {
                    values.put(record.key, record.value);
                }
            }
        }
    }

    @Override
    public void close() {
        driver.close();
        catalogue.close();
        vocabulary.close();
        deleteQuietly(stateDir);
    }

    static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a temp dir left behind is harmless.
        }
    }
}
