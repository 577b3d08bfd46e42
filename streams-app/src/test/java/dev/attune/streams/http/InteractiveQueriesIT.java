package dev.attune.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attune.schema.EventKind;
import dev.attune.schema.Recommendations;
import dev.attune.serde.SerdeFactory;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.testkit.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the real topology on the real broker, each with its REST endpoint as its
 * application.server. Truth comes from outside the API: the clicks this test sent and the last
 * list per user on the recommendations topic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InteractiveQueriesIT {

    private static final int USERS = 12;
    private static final int CLICKS_PER_USER = 3;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path stateDirs;
    private static Map<String, Object> shared;
    private static AppInstance first;
    private static AppInstance second;
    private static TestEvents events;
    /** What each user clicked: the ground truth for their "recent" list. */
    private static final Map<String, Set<String>> clicked = new TreeMap<>();
    /** The last list per user on the recommendations topic. */
    private static Map<String, Recommendations> published;

    @BeforeAll
    static void startTwoInstancesAndSendClicks() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        String suffix = TestKafka.unique("iq");
        shared = new HashMap<>();
        shared.put(StreamsAppConfig.BOOTSTRAP_SERVERS, bootstrap);
        shared.put(StreamsAppConfig.APPLICATION_ID, "app-" + suffix);
        shared.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, "mock://" + suffix);
        shared.put(StreamsAppConfig.VECTOR_MODEL, TestEvents.MODEL);
        shared.put(StreamsAppConfig.VECTOR_DIMENSION, TestEvents.DIMENSION);
        shared.put(StreamsAppConfig.REFRESH_INTERVAL_MS, 200L);
        shared.put(StreamsAppConfig.NUM_STANDBY_REPLICAS, 1);
        Map<String, Integer> topics = new HashMap<>();
        for (String key : List.of(StreamsAppConfig.TOPIC_CLICKS, StreamsAppConfig.TOPIC_QUERY_VECTORS,
                StreamsAppConfig.TOPIC_ITEM_VECTORS, StreamsAppConfig.TOPIC_TERM_VECTORS, StreamsAppConfig.TOPIC_RECOMMENDATIONS,
                StreamsAppConfig.TOPIC_EXPLANATION_REQUESTS, StreamsAppConfig.TOPIC_DEAD_LETTER)) {
            String name = key.replace('.', '-') + "-" + suffix;
            shared.put(key, name);
            boolean byUser = key.equals(StreamsAppConfig.TOPIC_CLICKS) || key.equals(StreamsAppConfig.TOPIC_QUERY_VECTORS);
            topics.put(name, byUser ? 4 : 1);
        }
        TestEvents.createTopics(bootstrap, topics);
        events = new TestEvents(bootstrap, "mock://" + suffix);
        events.sendCatalogue(topic(StreamsAppConfig.TOPIC_ITEM_VECTORS));

        first = AppInstance.start(shared, stateDirs.resolve("first"));
        second = AppInstance.start(shared, stateDirs.resolve("second"));
        await("both instances ready and in one group", () -> ready(first) && ready(second)
                && body(first, "/instances").path("instances").size() == 2);

        Instant start = Instant.now().minusSeconds(600);
        for (int u = 0; u < USERS; u++) {
            String user = "user-" + u;
            for (int k = 0; k < CLICKS_PER_USER; k++) {
                String item = TestEvents.itemId(u % TestEvents.CLUSTERS, (u + k) % TestEvents.ITEMS_PER_CLUSTER);
                events.click(topic(StreamsAppConfig.TOPIC_CLICKS), user, item, EventKind.CLICK, start.plusSeconds(u * 10L + k));
                clicked.computeIfAbsent(user, x -> new HashSet<>()).add(item);
            }
        }
        // One undecodable record: it must be dead-lettered and counted by reason, not stop anything.
        events.raw(topic(StreamsAppConfig.TOPIC_CLICKS), "user-0", new byte[] {1, 2, 3});
        published = settledRecommendations();
    }

    @AfterAll
    static void stopEverything() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        if (events != null) {
            events.close();
        }
    }

    @Test
    @Order(1)
    void shouldAnswerEveryUserCorrectlyFromBothInstances() throws Exception {
        Set<String> servers = new HashSet<>();
        for (String user : clicked.keySet()) {
            JsonNode fromFirst = body(first, "/users/" + user + "/interests");
            JsonNode fromSecond = body(second, "/users/" + user + "/interests");
            assertInterests(user, fromFirst);
            assertInterests(user, fromSecond);
            // Both answers come from the owner, whichever instance was asked.
            assertThat(fromFirst.path("servedBy")).isEqualTo(fromSecond.path("servedBy"));
            assertThat(summary(fromFirst)).as(user).isEqualTo(summary(fromSecond));
            servers.add(fromFirst.path("servedBy").asText());

            assertRecommendations(user, body(first, "/users/" + user + "/recommendations"));
            assertRecommendations(user, body(second, "/users/" + user + "/recommendations"));
        }
        assertThat(servers).as("each instance owns some users, so the other forwarded to it")
                .containsExactlyInAnyOrder(first.server(), second.server());
    }

    @Test
    @Order(2)
    void shouldAnswerAnAlreadyForwardedRequestFromTheLocalStandbyInsteadOfForwardingAgain() throws Exception {
        // Given a user owned by the second instance (the first holds a standby copy: one standby replica)
        String user = null;
        for (String candidate : clicked.keySet()) {
            if (body(second, "/users/" + candidate + "/interests").path("servedBy").asText().equals(second.server())) {
                user = candidate;
                break;
            }
        }
        assertThat(user).as("some user is owned by the second instance").isNotNull();

        // When the first instance gets a request that another instance already forwarded
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(first.baseUrl() + "/users/" + user + "/interests"))
                .header(Forwarder.FORWARDED_HEADER, "127.0.0.1:1").build(), HttpResponse.BodyHandlers.ofString());

        // Then it answers itself from its standby (the hop guard), with the same data
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("servedBy").asText()).isEqualTo(first.server());
        assertThat(body.path("stale").asBoolean()).isTrue();
        assertInterests(user, body);
    }

    @Test
    @Order(3)
    void shouldAnswerUnknownUsersAndItemsWith404AndBadIdsWith400() throws Exception {
        assertThat(get(first, "/users/nobody/interests").statusCode()).isEqualTo(404);
        assertThat(get(second, "/users/nobody/interests").statusCode()).isEqualTo(404);
        assertThat(get(first, "/items/no-such-item").statusCode()).isEqualTo(404);
        HttpResponse<String> bad = get(first, "/users/user-1/interests?at=soon");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("at must be an ISO-8601 instant");
    }

    @Test
    @Order(4)
    void shouldMatchTheOpenApiDocumentWithRealAnswers() throws Exception {
        OpenApiContract contract = new OpenApiContract();
        String user = clicked.keySet().iterator().next();
        for (String path : List.of("/users/" + user + "/interests", "/users/" + user + "/recommendations",
                "/users/" + user + "/map", "/users/nobody/interests", "/items/" + TestEvents.itemId(1, 1),
                "/items/none", "/instances", "/health/live", "/health/ready")) {
            HttpResponse<String> response = get(second, path);
            assertThat(response.statusCode()).as(path).isIn(200, 404);
            contract.assertMatches(response);
        }
        JsonNode item = body(first, "/items/" + TestEvents.itemId(1, 1));
        assertThat(item.path("hasVector").asBoolean()).isTrue();
        assertThat(item.path("dimension").asInt()).isEqualTo(TestEvents.DIMENSION);
        assertThat(item.path("tags").get(0).asText()).isEqualTo("cluster-1");
    }

    @Test
    @Order(5)
    void shouldMapTheInterestsTheCompositeAndEveryRecommendedItem() throws Exception {
        // user-5 clicked only cluster 1: one interest; the map must still place items and the composite.
        JsonNode map = body(first, "/users/user-5/map");
        List<String> kinds = new ArrayList<>();
        map.path("points").forEach(p -> kinds.add(p.path("kind").asText()));
        assertThat(kinds).contains("interest", "composite");
        assertThat(kinds.stream().filter("item"::equals).count())
                .isEqualTo(published.get("user-5").getItems().size());
    }

    @Test
    @Order(6)
    void shouldExportStreamsMetricsWithEndToEndLatencyAndRejectionsByReason() throws Exception {
        await("the undecodable click counted", () -> {
            String text = get(first, "/metrics").body() + get(second, "/metrics").body();
            return text.contains("attune_rejected_id=\"NOT_WIRE_FORMAT\"");
        });
        String metrics = get(first, "/metrics").body();
        assertThat(metrics).contains("kafka_streams_stream_processor_node_record_e2e_latency_avg",
                "kafka_streams_stream_thread_process", "attune_http_requests_seconds_count");
    }

    @Test
    @Order(7)
    void shouldAnswerEveryUserFromTheSurvivorAfterOneInstanceStopsAndNever500MeanWhile() throws Exception {
        // When the first instance leaves
        first.close();

        // Then, while the group rebalances and the standby takes over, every answer is correct data or a 503
        Map<Integer, Integer> statuses = new TreeMap<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        boolean allAnswered = false;
        while (!allAnswered && System.nanoTime() < deadline) {
            allAnswered = true;
            for (String user : clicked.keySet()) {
                HttpResponse<String> interests = get(second, "/users/" + user + "/interests");
                HttpResponse<String> list = get(second, "/users/" + user + "/recommendations");
                for (HttpResponse<String> response : List.of(interests, list)) {
                    statuses.merge(response.statusCode(), 1, Integer::sum);
                    assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isIn(200, 503);
                    if (response.statusCode() == 503) {
                        assertThat(response.headers().firstValue("Retry-After")).isPresent();
                        allAnswered = false;
                    }
                }
                if (interests.statusCode() == 200) {
                    JsonNode body = JSON.readTree(interests.body());
                    assertInterests(user, body);
                    statuses.merge(body.path("stale").asBoolean() ? -1 : 0, 1, Integer::sum);
                }
                if (list.statusCode() == 200) {
                    assertRecommendations(user, JSON.readTree(list.body()));
                }
            }
        }
        // Key -1 counts answers read from a standby/restoring copy, 0 from an active one.
        System.out.println("statuses during failover: " + statuses);
        assertThat(allAnswered).as("every user answered within %s; statuses seen %s", PATIENCE, statuses).isTrue();
        // And the survivor serves everything itself once the rebalance is done
        await("the survivor owns every partition", () -> body(second, "/instances").path("instances").size() == 1
                && settled(second));
        // (a follow-up probing rebalance can still move a task for a moment after RUNNING: wait per user for an
        // answer, and check that very answer: asking again could meet the next move)
        for (String user : clicked.keySet()) {
            java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> served = new java.util.concurrent.atomic.AtomicReference<>();
            await(user + " served by the survivor", () -> {
                served.set(get(second, "/users/" + user + "/interests"));
                return served.get().statusCode() == 200;
            });
            JsonNode interests = JSON.readTree(served.get().body());
            assertInterests(user, interests);
            assertThat(interests.path("servedBy").asText()).isEqualTo(second.server());
        }
    }

    /** Id, label and weight of each interest: what must not depend on which instance was asked (strength decays with the wall clock). */
    private static List<String> summary(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.path("interests").forEach(i -> out.add(i.path("id").asInt() + " " + i.path("label").asText() + " "
                + String.format(java.util.Locale.ROOT, "%.9f", i.path("weight").asDouble())));
        return out;
    }

    private static void assertInterests(String user, JsonNode body) {
        assertThat(body.path("userId").asText()).isEqualTo(user);
        List<String> recent = new ArrayList<>();
        body.path("recent").forEach(r -> recent.add(r.path("itemId").asText()));
        assertThat(recent).as(user).containsExactlyInAnyOrderElementsOf(clicked.get(user));
        double sum = 0;
        for (JsonNode interest : body.path("interests")) {
            sum += interest.path("weight").asDouble();
        }
        assertThat(body.path("interests").size()).as(user).isGreaterThan(0);
        assertThat(sum).as(user).isCloseTo(1.0, within(1e-6));
    }

    private static void assertRecommendations(String user, JsonNode body) {
        Recommendations expected = published.get(user);
        assertThat(expected).as("a list for %s was published", user).isNotNull();
        assertThat(body.path("computedAt").asText()).isEqualTo(expected.getComputedAt().toString());
        List<String> items = new ArrayList<>();
        body.path("items").forEach(i -> items.add(i.path("itemId").asText()));
        assertThat(items).as(user).containsExactlyElementsOf(
                expected.getItems().stream().map(i -> i.getItemId()).toList());
    }

    /** Reads the recommendations topic until every user has a list and nothing new came for two seconds. */
    private static Map<String, Recommendations> settledRecommendations() {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, shared.get(StreamsAppConfig.BOOTSTRAP_SERVERS),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Recommendations> last = new HashMap<>();
        try (KafkaConsumer<String, Recommendations> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                SerdeFactory.forUrl((String) shared.get(StreamsAppConfig.SCHEMA_REGISTRY_URL)).value(Recommendations.class).deserializer())) {
            TopicPartition partition = new TopicPartition(topic(StreamsAppConfig.TOPIC_RECOMMENDATIONS), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, Recommendations> record : records) {
                    last.put(record.key(), record.value());
                }
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                } else if (last.keySet().containsAll(clicked.keySet()) && System.nanoTime() - quietSince > 2_000_000_000L) {
                    return last;
                }
            }
        }
        throw new AssertionError("recommendations never settled; lists for " + last.keySet());
    }

    private static String topic(String key) {
        return (String) shared.get(key);
    }

    private static boolean ready(AppInstance instance) {
        try {
            return get(instance, "/health/ready").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** RUNNING with nothing restoring: readiness alone stays true through a rebalance once an instance has served. */
    private static boolean settled(AppInstance instance) {
        try {
            JsonNode health = JSON.readTree(get(instance, "/health/ready").body());
            return "RUNNING".equals(health.path("state").asText()) && health.path("restoringPartitions").asInt(-1) == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static HttpResponse<String> get(AppInstance instance, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(AppInstance instance, String path) throws Exception {
        HttpResponse<String> response = get(instance, path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (AssertionError | Exception retry) {
                // not yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
