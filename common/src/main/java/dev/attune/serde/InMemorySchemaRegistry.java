package dev.attune.serde;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;

/**
 * A registry in memory, for topology and unit tests (URL {@code mock://<scope>}). Serdes configured
 * with the same scope share one instance, as they would share one registry server.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final List<Schema> schemasById = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> idsByCanonicalForm = new ConcurrentHashMap<>();

    /** The registry of a scope, created on first use. */
    public static InMemorySchemaRegistry scope(String scope) {
        return SCOPES.computeIfAbsent(scope, ignored -> new InMemorySchemaRegistry());
    }

    /** Forgets a scope (tests that want a registry that has never seen a schema). */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        return idsByCanonicalForm.computeIfAbsent(schema.toString(), ignored -> {
            schemasById.add(schema);
            return schemasById.size();
        });
    }

    @Override
    public Schema schemaById(int id) {
        if (id < 1 || id > schemasById.size()) {
            throw new WireFormatException(WireFormatException.Reason.UNKNOWN_SCHEMA_ID, "no schema with id " + id);
        }
        return schemasById.get(id - 1);
    }
}
