package dev.attune.serde;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Hands every service its serdes from one setting, {@value #REGISTRY_URL_CONFIG}:
 * <ul>
 *   <li>{@code http(s)://host:port/path}: a Confluent-compatible registry (Apicurio's is at
 *       {@code /apis/ccompat/v7});</li>
 *   <li>{@code mock://<scope>}: an in-memory registry shared by all serdes of that scope, for
 *       topology and unit tests that must not need a server.</li>
 * </ul>
 * Keys are plain UTF-8 strings (user id, item id, term) so that partitioning and compaction work
 * the same for every client language.
 */
public final class SerdeFactory {

    /** The registry URL key, the same name Confluent clients use. */
    public static final String REGISTRY_URL_CONFIG = "schema.registry.url";
    private static final String MOCK_PREFIX = "mock://";
    private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(10);

    private final SchemaRegistry registry;

    public SerdeFactory(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** A factory for the registry at {@code url} ({@code http(s)://...} or {@code mock://scope}). */
    public static SerdeFactory forUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(REGISTRY_URL_CONFIG + " is not set");
        }
        if (url.startsWith(MOCK_PREFIX)) {
            return new SerdeFactory(InMemorySchemaRegistry.scope(url.substring(MOCK_PREFIX.length())));
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return new SerdeFactory(new HttpSchemaRegistry(url, REGISTRY_TIMEOUT));
        }
        throw new IllegalArgumentException(REGISTRY_URL_CONFIG + " must start with http://, https:// or mock://, got " + url);
    }

    /** A factory from a config map holding {@value #REGISTRY_URL_CONFIG}. */
    public static SerdeFactory fromConfig(Map<String, ?> config) {
        Object url = config.get(REGISTRY_URL_CONFIG);
        return forUrl(url == null ? null : url.toString());
    }

    public <T extends SpecificRecord> Serde<T> value(Class<T> type) {
        return new AvroWireSerde<>(registry, type, false);
    }

    public Serde<String> key() {
        return Serdes.String();
    }

    public SchemaRegistry registry() {
        return registry;
    }
}
