package dev.attune.streams.testing;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.ExplanationRequest;
import dev.attune.schema.ItemVector;
import dev.attune.schema.QueryVector;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** A TopologyTestDriver around {@link AttuneTopology} with typed input and output topics. */
public final class Driver implements AutoCloseable {

    public static final Instant WALL_START = Instant.parse("2026-03-01T00:00:00Z");

    public final StreamsAppConfig config;
    public final TopologyTestDriver driver;
    public final Catalogue catalogue;
    public final Vocabulary vocabulary;
    public final TestInputTopic<String, ItemVector> items;
    public final TestInputTopic<String, TermVector> terms;
    public final TestInputTopic<String, ClickEvent> clicks;
    public final TestInputTopic<String, QueryVector> queries;
    public final TestInputTopic<byte[], byte[]> rawClicks;
    public final TestInputTopic<byte[], byte[]> rawQueries;
    public final TestOutputTopic<String, Recommendations> recommendations;
    public final TestOutputTopic<String, ExplanationRequest> explanations;
    public final TestOutputTopic<byte[], byte[]> deadLetters;
    public final SerdeFactory serdes;

    public Driver(Path stateDir, Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, "mock://" + UUID.randomUUID());
        values.put(StreamsAppConfig.STATE_DIR, stateDir.toString());
        values.put(StreamsAppConfig.BOOTSTRAP_SERVERS, "unused:9092");
        values.putAll(overrides);
        config = new StreamsAppConfig(values);
        catalogue = AttuneTopology.newCatalogue(config);
        vocabulary = AttuneTopology.newVocabulary(config);
        driver = new TopologyTestDriver(AttuneTopology.build(config, catalogue, vocabulary), config.streamsProperties(),
                WALL_START);
        serdes = SerdeFactory.forUrl(config.schemaRegistryUrl());
        StringSerializer keys = new StringSerializer();
        items = driver.createInputTopic(config.topic(StreamsAppConfig.TOPIC_ITEM_VECTORS), keys,
                serdes.value(ItemVector.class).serializer());
        terms = driver.createInputTopic(config.topic(StreamsAppConfig.TOPIC_TERM_VECTORS), keys,
                serdes.value(TermVector.class).serializer());
        clicks = driver.createInputTopic(config.topic(StreamsAppConfig.TOPIC_CLICKS), keys,
                serdes.value(ClickEvent.class).serializer());
        queries = driver.createInputTopic(config.topic(StreamsAppConfig.TOPIC_QUERY_VECTORS), keys,
                serdes.value(QueryVector.class).serializer());
        rawClicks = driver.createInputTopic(config.topic(StreamsAppConfig.TOPIC_CLICKS), new ByteArraySerializer(),
                new ByteArraySerializer());
        rawQueries = driver.createInputTopic(config.topic(StreamsAppConfig.TOPIC_QUERY_VECTORS), new ByteArraySerializer(),
                new ByteArraySerializer());
        recommendations = driver.createOutputTopic(config.topic(StreamsAppConfig.TOPIC_RECOMMENDATIONS),
                new StringDeserializer(), serdes.value(Recommendations.class).deserializer());
        explanations = driver.createOutputTopic(config.topic(StreamsAppConfig.TOPIC_EXPLANATION_REQUESTS),
                new StringDeserializer(), serdes.value(ExplanationRequest.class).deserializer());
        deadLetters = driver.createOutputTopic(config.topic(StreamsAppConfig.TOPIC_DEAD_LETTER),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public void item(ItemVector item) {
        items.pipeInput(item.getItemId(), item);
    }

    public void click(ClickEvent click) {
        clicks.pipeInput(click.getUserId(), click, click.getEventTime());
    }

    public void query(QueryVector query) {
        queries.pipeInput(query.getUserId(), query, query.getEventTime());
    }

    /** Lets every throttled refresh happen. */
    public void settle() {
        driver.advanceWallClockTime(Duration.ofMillis(config.getLong(StreamsAppConfig.REFRESH_INTERVAL_MS) + 1));
    }

    public KeyValueStore<String, UserInterests> interests() {
        return driver.getKeyValueStore(StoreNames.USER_INTERESTS);
    }

    /** The sum over tasks and threads of the Kafka Streams metric {@code name} of group {@code group}. */
    public double metricTotal(String group, String name) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(group) && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    public Recommendations latest(String user) {
        KeyValueStore<String, Recommendations> store = driver.getKeyValueStore(StoreNames.USER_RECOMMENDATIONS);
        return store.get(user);
    }

    public List<String> latestItemIds(String user) {
        Recommendations r = latest(user);
        return r == null ? List.of() : r.getItems().stream().map(RecommendedItem::getItemId).toList();
    }

    @Override
    public void close() {
        driver.close();
        catalogue.close();
        vocabulary.close();
    }
}
