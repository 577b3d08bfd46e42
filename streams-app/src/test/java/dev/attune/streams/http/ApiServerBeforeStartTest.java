package dev.attune.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.topology.StoreNames;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP layer around a Kafka Streams instance that has not started (no broker needed): every
 * state-dependent answer must be a 503 with Retry-After, bad input a 400, unknown paths a 404, all
 * JSON as documented, never a stack trace.
 */
class ApiServerBeforeStartTest {

    @TempDir
    static Path stateDir;
    private static KafkaStreams streams;
    private static ApiServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final OpenApiContract CONTRACT = new OpenApiContract();

    @BeforeAll
    static void startServerOnly() {
        StreamsAppConfig config = StreamsAppConfig.of(Map.of(
                StreamsAppConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9",
                StreamsAppConfig.APPLICATION_SERVER, "127.0.0.1:9",
                StreamsAppConfig.STATE_DIR, stateDir.toString(),
                StreamsAppConfig.HTTP_PORT, 0));
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("users", Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(StoreNames.USER_INTERESTS));
        streams = new KafkaStreams(builder.build(), config.streamsProperties());
        server = ApiServer.start(streams, config, itemId -> {
            if (itemId.equals("restoring")) {
                throw new InvalidStateStoreException("not yet");
            }
            return Optional.empty();
        }, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    @AfterAll
    static void stop() {
        server.close();
        streams.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswer503WithRetryAfterForAUserWhileStreamsIsNotRunning() throws Exception {
        for (String path : new String[] {"/users/u1/interests", "/users/u1/recommendations", "/users/u1/map"}) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("1");
            assertThat(response.body()).contains("\"error\":\"unavailable\"").doesNotContain("Exception", "\tat ");
            CONTRACT.assertMatches(response);
        }
    }

    @Test
    void shouldAnswer400SayingWhatIsWrongForInvalidIdsAndParameters() throws Exception {
        HttpResponse<String> longId = get("/users/" + "x".repeat(300) + "/interests");
        HttpResponse<String> badAt = get("/users/u1/interests?at=yesterday");
        HttpResponse<String> badLimit = get("/users/u1/recommendations?limit=0");

        assertThat(longId.statusCode()).isEqualTo(400);
        assertThat(longId.body()).contains("user id is longer than 256 characters");
        assertThat(badAt.statusCode()).isEqualTo(400);
        assertThat(badAt.body()).contains("at must be an ISO-8601 instant");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.body()).contains("limit must be between 1 and 500, got 0");
        CONTRACT.assertMatches(longId);
        CONTRACT.assertMatches(badAt);
        CONTRACT.assertMatches(badLimit);
    }

    @Test
    void shouldAnswer404ForAnUnknownItemAnd503WhileTheCatalogueIsNotQueryable() throws Exception {
        HttpResponse<String> unknown = get("/items/nope");
        HttpResponse<String> restoring = get("/items/restoring");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("unknown item 'nope'");
        assertThat(restoring.statusCode()).isEqualTo(503);
        assertThat(restoring.headers().firstValue("Retry-After")).contains("1");
        CONTRACT.assertMatches(unknown);
        CONTRACT.assertMatches(restoring);
    }

    @Test
    void shouldRouteIdsWithReservedCharactersWhenPercentEncoded() throws Exception {
        for (String encoded : new String[] {"a%2Fb", "a%20b", "%C3%A9t%C3%A9", "a%3Fb%23c"}) {
            HttpResponse<String> response = get("/users/" + encoded + "/interests");

            // Reaching the lookup (503 before start) proves the id was accepted and decoded, not refused by the server.
            assertThat(response.statusCode()).as(encoded + ": " + response.body()).isEqualTo(503);
        }
    }

    @Test
    void shouldAnswerJson404ForAnUnknownPath() throws Exception {
        HttpResponse<String> response = get("/no/such/thing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).startsWith("{").contains("\"error\":\"not_found\"");
    }

    @Test
    void shouldBeLiveButNotReadyBeforeStart() throws Exception {
        HttpResponse<String> live = get("/health/live");
        HttpResponse<String> ready = get("/health/ready");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"state\":\"CREATED\"");
        CONTRACT.assertMatches(live);
        CONTRACT.assertMatches(ready);
    }

    @Test
    void shouldServeThePageTheDocumentAndPrometheusMetrics() throws Exception {
        get("/users/u1/interests");

        HttpResponse<String> page = get("/");
        HttpResponse<String> document = get("/openapi.json");
        HttpResponse<String> metrics = get("/metrics");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Attune explorer</title>", "/explorer.js");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(OpenApiContract.parse(document.body()).getMessages()).isEmpty();
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("attune_iq_lookups_total{route=\"unavailable\"}",
                "attune_http_requests_seconds_count{method=\"GET\",route=\"/users/{id}/interests\",status=\"503\"}");
    }
}
