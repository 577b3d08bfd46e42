package dev.attune.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API (served by Confluent's registry, by Apicurio
 * under {@code /apis/ccompat/v7}, and others). Only two endpoints are used, and both answers are
 * cached for the life of the process: a schema id never changes meaning.
 *
 * <p>A 5xx answer or a failed connection is retried a few times with doubling backoff: registries answer
 * 500 under concurrent registrations (Apicurio does) or while restarting, and both calls are idempotent
 * (registering an identical schema returns the existing id). 4xx answers are final.
 */
public final class HttpSchemaRegistry implements SchemaRegistry {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final int attempts;
    private final Duration firstBackoff;
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /** Default retries: 4 attempts, backoff 100 ms, 200 ms, 400 ms. */
    public HttpSchemaRegistry(String baseUrl, Duration timeout) {
        this(baseUrl, timeout, 4, Duration.ofMillis(100));
    }

    public HttpSchemaRegistry(String baseUrl, Duration timeout, int attempts, Duration firstBackoff) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public int register(String subject, Schema schema) {
        return idsBySubjectAndSchema.computeIfAbsent(subject + '\n' + schema, ignored -> {
            String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
            JsonNode answer = call(HttpRequest.newBuilder(uri("/subjects/" + encode(subject) + "/versions"))
                    .header("Content-Type", CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(body)), "register " + subject);
            int id = answer.path("id").asInt(-1);
            if (id < 0) {
                throw new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE,
                        "registry answered without an id when registering " + subject + ": " + answer);
            }
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call(HttpRequest.newBuilder(uri("/schemas/ids/" + id)).GET(), "schema " + id);
        // Confluent omits schemaType for Avro; an id of a JSON Schema or Protobuf schema is not ours to read.
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new WireFormatException(WireFormatException.Reason.INCOMPATIBLE_SCHEMA,
                    "schema " + id + " at " + baseUrl + " is " + type + ", not Avro");
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(answer.path("schema").asText());
        } catch (RuntimeException e) {
            // Avro's parser fails in several ways (even NullPointerException for an unknown type name),
            // e.g. for an Avro schema built from references, which we do not follow.
            throw new WireFormatException(WireFormatException.Reason.INCOMPATIBLE_SCHEMA,
                    "schema " + id + " at " + baseUrl + " is not a self-contained Avro schema: " + e, e);
        }
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    private JsonNode call(HttpRequest.Builder request, String what) {
        HttpRequest built = request.timeout(timeout).header("Accept", CONTENT_TYPE).build();
        HttpResponse<String> response = null;
        WireFormatException unreachable = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(firstBackoff.multipliedBy(1L << (attempt - 2)), what);
            }
            try {
                response = http.send(built, HttpResponse.BodyHandlers.ofString());
                unreachable = null;
                if (response.statusCode() / 100 != 5) {
                    break;
                }
            } catch (IOException e) {
                unreachable = new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE,
                        "cannot reach schema registry at " + baseUrl + " (" + what + ", " + attempt + " attempts)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE, "interrupted: " + what, e);
            }
        }
        if (unreachable != null) {
            throw unreachable;
        }
        if (response.statusCode() == 404 && what.startsWith("schema ")) {
            throw new WireFormatException(WireFormatException.Reason.UNKNOWN_SCHEMA_ID,
                    "registry at " + baseUrl + " has no " + what);
        }
        if (response.statusCode() / 100 != 2) {
            throw new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE,
                    "registry at " + baseUrl + " answered " + response.statusCode() + " to " + what + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE,
                    "registry answered invalid JSON to " + what, e);
        }
    }

    private static void pause(Duration backoff, String what) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE, "interrupted: " + what, e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
}
