package dev.attune.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.attune.schema.ClickEvent;
import dev.attune.serde.WireFormatException.Reason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client against canned Confluent-API answers (an in-JVM stub, not a registry): how each
 * answer maps to a schema or to a {@link WireFormatException} reason. The real registry is exercised
 * by the schema-registry module's WireFormatInteropIT.
 */
class HttpSchemaRegistryTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile String body;
    /** Answers 503 to this many requests before the canned answer. */
    private final AtomicInteger failuresFirst = new AtomicInteger();

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            boolean fail = failuresFirst.getAndDecrement() > 0;
            byte[] answer = (fail ? "{\"error_code\": 50301}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 503 : status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    @Test
    void shouldFetchSchemaOnceWhenIdIsAskedTwice() {
        // Given
        answer(200, "{\"schema\": " + quoted(ClickEvent.getClassSchema().toString()) + "}");
        HttpSchemaRegistry registry = registry();

        // When
        registry.schemaById(7);
        registry.schemaById(7);

        // Then
        assertThat(registry.schemaById(7)).isEqualTo(ClickEvent.getClassSchema());
        assertThat(requests).containsExactly("GET /apis/ccompat/v7/schemas/ids/7");
    }

    @Test
    void shouldRegisterUnderSubjectWhenSerializing() {
        // Given
        answer(200, "{\"id\": 12}");

        // When
        int id = registry().register("clicks-value", ClickEvent.getClassSchema());

        // Then
        assertThat(id).isEqualTo(12);
        assertThat(requests).containsExactly("POST /apis/ccompat/v7/subjects/clicks-value/versions");
    }

    @Test
    void shouldReportUnknownSchemaIdWhenRegistryAnswers404() {
        answer(404, "{\"error_code\": 40403, \"message\": \"Schema not found\"}");

        assertThat(reasonForSchemaById()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID);
    }

    @Test
    void shouldReportRegistryUnavailableWhenRegistryAnswers500OnEveryAttempt() {
        answer(500, "{\"error_code\": 50001}");

        assertThat(reasonForSchemaById()).isEqualTo(Reason.REGISTRY_UNAVAILABLE);
        assertThat(requests).hasSize(4);
    }

    @Test
    void shouldRetryRegistrationWhenRegistryAnswers5xxThenSucceeds() {
        // Given a registry that fails twice (Apicurio answers 500 to concurrent registrations)
        answer(200, "{\"id\": 21}");
        failuresFirst.set(2);

        // When
        int id = registry().register("clicks-value", ClickEvent.getClassSchema());

        // Then
        assertThat(id).isEqualTo(21);
        assertThat(requests).hasSize(3).allMatch(r -> r.equals("POST /apis/ccompat/v7/subjects/clicks-value/versions"));
    }

    @Test
    void shouldNotRetryWhenRegistryAnswers4xx() {
        answer(404, "{\"error_code\": 40403}");

        assertThat(reasonForSchemaById()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID);
        assertThat(requests).hasSize(1);
    }

    @Test
    void shouldReportIncompatibleSchemaWhenIdHoldsAJsonSchema() {
        // Given a JSON Schema registered by some other producer
        answer(200, "{\"schemaType\": \"JSON\", \"schema\": " + quoted("{\"type\": \"object\", \"properties\": {}}") + "}");

        assertThat(reasonForSchemaById()).isEqualTo(Reason.INCOMPATIBLE_SCHEMA);
    }

    @Test
    void shouldReportIncompatibleSchemaWhenAvroSchemaNamesTypesItDoesNotDefine() {
        // Given an Avro schema that relies on a reference (here: an undefined named type)
        answer(200, "{\"schema\": " + quoted("{\"type\": \"record\", \"name\": \"A\", \"fields\": "
                + "[{\"name\": \"kind\", \"type\": \"dev.attune.schema.EventKind\"}]}") + "}");

        assertThat(reasonForSchemaById()).isEqualTo(Reason.INCOMPATIBLE_SCHEMA);
    }

    private Reason reasonForSchemaById() {
        WireFormatException e = catchThrowableOfType(WireFormatException.class, () -> registry().schemaById(3));
        assertThat(e).isNotNull();
        return e.reason();
    }

    private HttpSchemaRegistry registry() {
        return new HttpSchemaRegistry("http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7/",
                Duration.ofSeconds(5), 4, Duration.ofMillis(1));
    }

    private void answer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
