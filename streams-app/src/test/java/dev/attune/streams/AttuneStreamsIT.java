package dev.attune.streams;

import static dev.attune.streams.testing.Events.click;
import static dev.attune.streams.testing.Events.item;
import static dev.attune.streams.testing.Events.term;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.kafka.DeadLetters;
import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.schema.ItemVector;
import dev.attune.schema.TermSource;
import dev.attune.schema.TermVector;
import dev.attune.schema.UserInterests;
import dev.attune.serde.SerdeFactory;
import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.catalogue.Vocabulary;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.errors.RejectionMetrics;
import dev.attune.streams.processor.CooccurrenceStore;
import dev.attune.streams.testing.AppProcess;
import dev.attune.streams.testing.RegistryIds;
import dev.attune.streams.testing.VectorSpace;
import dev.attune.streams.topology.AttuneTopology;
import dev.attune.streams.topology.StoreNames;
import dev.attune.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on a real KRaft broker under exactly_once_v2: an app process killed with SIGKILL in
 * the middle of the stream and restarted ends with exactly the interest state of a clean run; and
 * bad records land in the dead-letter topic while the app keeps running.
 */
class AttuneStreamsIT {

    private static final Instant T0 = Instant.parse("2026-01-10T00:00:00Z");
    private static final String[] GENRES = {"scifi", "comedy", "drama", "horror"};
    private static final int USERS = 12;
    private static final int CLICKS_PER_USER = 100;
    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(180);

    private static String bootstrap;
    private static Admin admin;

    @TempDir
    Path tmp;

    private final VectorSpace space = new VectorSpace(99);
    private final String scope = "it-" + UUID.randomUUID();
    private final Map<String, String> topics = new HashMap<>();

    @BeforeAll
    static void broker() {
        bootstrap = TestKafka.bootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private void createTopics() throws Exception {
        for (String key : List.of(StreamsAppConfig.TOPIC_CLICKS, StreamsAppConfig.TOPIC_QUERY_VECTORS,
                StreamsAppConfig.TOPIC_ITEM_VECTORS, StreamsAppConfig.TOPIC_TERM_VECTORS,
                StreamsAppConfig.TOPIC_RECOMMENDATIONS, StreamsAppConfig.TOPIC_EXPLANATION_REQUESTS,
                StreamsAppConfig.TOPIC_DEAD_LETTER)) {
            topics.put(key, TestKafka.unique(key.replace('.', '-')));
        }
        // Event times lie months back: without retention.ms=-1 the broker would delete them as expired.
        admin.createTopics(topics.values().stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)
                .configs(Map.of("retention.ms", "-1"))).toList()).all().get();
        await("every partition of the new topics to have a leader", () -> {
            try {
                return admin.describeTopics(topics.values()).allTopicNames().get().values().stream()
                        .allMatch(d -> d.partitions().size() == PARTITIONS
                                && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            } catch (Exception e) {
                return false;
            }
        });
        RegistryIds.preRegister(scope);
    }

    private Map<String, String> appConfig(String appId, Path stateDir) {
        Map<String, String> c = new TreeMap<>(topics);
        c.put(StreamsAppConfig.BOOTSTRAP_SERVERS, bootstrap);
        c.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
        c.put(StreamsAppConfig.APPLICATION_ID, appId);
        c.put(StreamsAppConfig.STATE_DIR, stateDir.toString());
        c.put(StreamsAppConfig.NUM_STANDBY_REPLICAS, "0");
        c.put(StreamsAppConfig.REPLICATION_FACTOR, "1");
        c.put(StreamsAppConfig.ROCKSDB_BLOCK_CACHE_BYTES, Long.toString(8L << 20));
        c.put(StreamsAppConfig.ROCKSDB_WRITE_BUFFER_BYTES, Long.toString(4L << 20));
        // a killed member must leave the group quickly, and small polls keep several transactions in flight
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "25");
        return c;
    }

    private <V> KafkaProducer<String, V> producer(Serializer<V> values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        // one request in flight: no out-of-order retries after a NOT_LEADER on a just-created topic (see TestEvents)
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(p, new StringSerializer(), values);
    }

    private void produceCatalogueAndClicks() throws Exception {
        SerdeFactory serdes = SerdeFactory.forUrl("mock://" + scope);
        try (KafkaProducer<String, TermVector> terms = producer(serdes.value(TermVector.class).serializer());
             KafkaProducer<String, ItemVector> items = producer(serdes.value(ItemVector.class).serializer())) {
            for (String genre : GENRES) {
                send(terms, new ProducerRecord<>(topics.get(StreamsAppConfig.TOPIC_TERM_VECTORS), genre,
                        term(genre, TermSource.CATEGORY, space.direction(genre))));
                for (int i = 0; i < 25; i++) {
                    String id = genre + "-" + i;
                    send(items, new ProducerRecord<>(topics.get(StreamsAppConfig.TOPIC_ITEM_VECTORS), id,
                            item(id, genre + " " + i, List.of(genre), space.mix(0.8, genre, 1))));
                }
            }
        }
        Random random = new Random(1);
        EventKind[] kinds = {EventKind.VIEW, EventKind.CLICK, EventKind.CLICK, EventKind.LIKE, EventKind.PURCHASE,
                EventKind.SKIP, EventKind.DISLIKE};
        try (KafkaProducer<String, ClickEvent> clicks = producer(serdes.value(ClickEvent.class).serializer())) {
            for (int n = 0; n < CLICKS_PER_USER; n++) {
                for (int u = 0; u < USERS; u++) {
                    String user = "user-" + u;
                    String genre = GENRES[(u + (random.nextInt(3) == 0 ? random.nextInt(GENRES.length) : 0)) % GENRES.length];
                    Instant t = T0.plus(Duration.ofMinutes(n * 30L + random.nextInt(20)));
                    send(clicks, new ProducerRecord<>(topics.get(StreamsAppConfig.TOPIC_CLICKS), null, t.toEpochMilli(),
                            user, click(user, genre + "-" + random.nextInt(25), kinds[random.nextInt(kinds.length)], t)));
                }
            }
        }
    }

    /**
     * Sends and waits for the broker's acknowledgement, retrying a failed send: a send that fails
     * silently (e.g. while a just-created partition settles on a busy machine) would make the
     * expected catalogue and click counts wrong.
     */
    private static <V> void send(KafkaProducer<String, V> producer, ProducerRecord<String, V> record) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.send(record).get();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private long totalClicks() {
        return (long) USERS * CLICKS_PER_USER;
    }

    private long committed(String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topics.get(StreamsAppConfig.TOPIC_CLICKS)) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private long committedOrMinusOne(String groupId) {
        try {
            return committed(groupId);
        } catch (Exception e) {
            return -1;
        }
    }

    private boolean caughtUp(String groupId) {
        try {
            return committed(groupId) == totalClicks();
        } catch (Exception e) {
            return false;
        }
    }

    /** What a run to the end leaves: the user-interests store and the item-cooccurrence rows, decoded. */
    private record EndState(Map<String, UserInterests> users, Map<String, Map<String, Long>> cooccurrence) {
    }

    /** Runs the topology in this JVM until it has committed every click, and returns its stores. */
    private EndState runToEnd(String appId, Path stateDir) throws Exception {
        StreamsAppConfig config = new StreamsAppConfig(appConfig(appId, stateDir));
        try (Catalogue catalogue = AttuneTopology.newCatalogue(config);
             Vocabulary vocabulary = AttuneTopology.newVocabulary(config);
             KafkaStreams streams = new KafkaStreams(AttuneTopology.build(config, catalogue, vocabulary),
                     config.streamsProperties())) {
            streams.start();
            try {
                await(appId + " to commit every click", () -> caughtUp(appId));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": committed " + committedOrMinusOne(appId) + " of "
                        + totalClicks() + ", state " + streams.state(), e);
            }
            await(appId + " to be queryable", () -> streams.state() == KafkaStreams.State.RUNNING);
            assertThat(catalogue.size()).isEqualTo(GENRES.length * 25);
            return new EndState(snapshot(streams), cooccurrenceRows(streams));
        }
    }

    private static Map<String, UserInterests> snapshot(KafkaStreams streams) {
        ReadOnlyKeyValueStore<String, UserInterests> store = streams.store(StoreQueryParameters.fromNameAndType(
                StoreNames.USER_INTERESTS, QueryableStoreTypes.<String, UserInterests>keyValueStore()));
        Map<String, UserInterests> out = new TreeMap<>();
        try (KeyValueIterator<String, UserInterests> all = store.all()) {
            all.forEachRemaining(kv -> out.put(kv.key, kv.value));
        }
        return out;
    }

    private Process startAppProcess(String appId, Path stateDir, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            // the same dot products as this JVM's runs (SIMD sums in another order than the scalar loop): the
            // killed process's updates must be bit for bit those of the clean run
            command.add("--add-modules=jdk.incubator.vector");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), AppProcess.class.getName(), scope));
        appConfig(appId, stateDir).forEach((k, v) -> command.add(k + "=" + v));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void shouldEndWithTheStateOfACleanRunWhenKilledMidStreamAndRestarted() throws Exception {
        createTopics();
        produceCatalogueAndClicks();

        // the run that gets killed: its own process, SIGKILL once it has committed part of the stream
        String crashedApp = TestKafka.unique("attune-crash");
        Path crashedState = Files.createDirectories(tmp.resolve("crashed"));
        Path log = Files.createDirectories(Path.of("target")).resolve("attune-app-process.log");
        Process app = startAppProcess(crashedApp, crashedState, log);
        long committedAtKill;
        try {
            await("the app process to commit part of the stream", () -> {
                try {
                    return committed(crashedApp) >= totalClicks() / 4 || !app.isAlive();
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(app.isAlive()).as("app process alive; log:\n%s", Files.readString(log)).isTrue();
        } finally {
            app.destroyForcibly().waitFor();
        }
        committedAtKill = committed(crashedApp);
        assertThat(committedAtKill).as("killed mid-stream").isBetween(1L, totalClicks() - 1);

        EndState recoveredRun = runToEnd(crashedApp, crashedState);
        Map<String, UserInterests> recovered = recoveredRun.users();
        String cleanApp = TestKafka.unique("attune-clean");
        EndState cleanRun = runToEnd(cleanApp, Files.createDirectories(tmp.resolve("clean")));
        Map<String, UserInterests> clean = cleanRun.users();

        System.out.printf("killed after %d of %d clicks committed; %d users compared%n", committedAtKill, totalClicks(),
                clean.size());
        assertThat(clean).hasSize(USERS);
        assertThat(recovered.keySet()).isEqualTo(clean.keySet());
        for (String user : clean.keySet()) {
            assertThat(recovered.get(user)).as("state of %s", user).isEqualTo(clean.get(user));
        }
        // the co-occurrence store buffers increments until each commit: the crash must neither lose nor
        // double-count any (its rows never fill here, so counts are exact sums whatever the commit boundaries)
        assertThat(recoveredRun.cooccurrence()).isNotEmpty().isEqualTo(cleanRun.cooccurrence());
    }

    /**
     * The item-cooccurrence rows of every partition, each with its delta applied, through an interactive (IQv2) range
     * query.
     */
    private static Map<String, Map<String, Long>> cooccurrenceRows(KafkaStreams streams) {
        StateQueryResult<KeyValueIterator<String, byte[]>> result = streams.query(
                StateQueryRequest.inStore(StoreNames.ITEM_COOCCURRENCE).withQuery(RangeQuery.<String, byte[]>withNoBounds()));
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        result.getPartitionResults().forEach((partition, part) -> {
            assertThat(part.isSuccess()).as("partition %d: %s", partition, part).isTrue();
            Map<String, byte[]> records = new HashMap<>();
            try (KeyValueIterator<String, byte[]> all = part.getResult()) {
                all.forEachRemaining(kv -> records.put(kv.key, kv.value));
            }
            rows.putAll(CooccurrenceStore.decodeAll(records));
        });
        return rows;
    }

    @Test
    void shouldDeadLetterBadClicksAndKeepRunning() throws Exception {
        createTopics();
        SerdeFactory serdes = SerdeFactory.forUrl("mock://" + scope);
        try (KafkaProducer<String, ItemVector> items = producer(serdes.value(ItemVector.class).serializer())) {
            send(items, new ProducerRecord<>(topics.get(StreamsAppConfig.TOPIC_ITEM_VECTORS), "good",
                    item("good", "Good", List.of("scifi"), space.mix(0.3, "scifi", 1))));
        }
        String appId = TestKafka.unique("attune-dlq");
        StreamsAppConfig config = new StreamsAppConfig(appConfig(appId, Files.createDirectories(tmp.resolve("dlq"))));
        Serializer<ClickEvent> clickBytes = serdes.value(ClickEvent.class).serializer();
        String clicksTopic = topics.get(StreamsAppConfig.TOPIC_CLICKS);
        Map<String, byte[]> bad = new TreeMap<>();
        bad.put("NOT_WIRE_FORMAT", "{\"json\": true}".getBytes(StandardCharsets.UTF_8));
        bad.put("UNKNOWN_EVENT_KIND", clickBytes.serialize(clicksTopic, click("u", "good", EventKind.UNKNOWN, T0)));
        bad.put("FUTURE_TIMESTAMP", clickBytes.serialize(clicksTopic,
                click("u", "good", EventKind.CLICK, Instant.now().plus(Duration.ofDays(30)))));
        bad.put("KEY_MISMATCH", clickBytes.serialize(clicksTopic, click("someone-else", "good", EventKind.CLICK, T0)));
        try (Catalogue catalogue = AttuneTopology.newCatalogue(config);
             Vocabulary vocabulary = AttuneTopology.newVocabulary(config);
             KafkaStreams streams = new KafkaStreams(AttuneTopology.build(config, catalogue, vocabulary),
                     config.streamsProperties());
             KafkaProducer<String, byte[]> raw = producer(new ByteArraySerializer())) {
            streams.start();
            for (byte[] value : bad.values()) {
                send(raw, new ProducerRecord<>(clicksTopic, "u", value));
            }
            send(raw, new ProducerRecord<>(clicksTopic, "u", clickBytes.serialize(clicksTopic,
                    click("u", "good", EventKind.CLICK, T0))));
            raw.flush();

            List<ConsumerRecord<byte[], byte[]>> dead = readCommitted(topics.get(StreamsAppConfig.TOPIC_DEAD_LETTER), bad.size());
            Map<String, byte[]> byReason = dead.stream().collect(Collectors.toMap(
                    r -> DeadLetters.header(r.headers(), DeadLetters.REASON), ConsumerRecord::value));
            assertThat(byReason.keySet()).isEqualTo(bad.keySet());
            bad.forEach((reason, bytes) -> assertThat(byReason.get(reason)).as(reason).isEqualTo(bytes));
            await("the good click to be applied", () -> caughtUp(appId, 5)
                    && snapshotSafe(streams).containsKey("u"));
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(snapshotSafe(streams).get("u").getInterests()).hasSize(1);
            Set<String> counted = streams.metrics().keySet().stream()
                    .filter(m -> m.name().equals(RejectionMetrics.OPERATION + "-total"))
                    .map(m -> m.tags().get(RejectionMetrics.SCOPE + "-id")).collect(Collectors.toSet());
            assertThat(counted).containsAll(bad.keySet());
        }
    }

    private boolean caughtUp(String groupId, long expected) {
        try {
            return committed(groupId) == expected;
        } catch (Exception e) {
            return false;
        }
    }

    private static Map<String, UserInterests> snapshotSafe(KafkaStreams streams) {
        try {
            return snapshot(streams);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int count) throws InterruptedException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, TestKafka.unique("dlq-reader"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
