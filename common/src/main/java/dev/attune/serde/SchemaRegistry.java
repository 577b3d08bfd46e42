package dev.attune.serde;

import org.apache.avro.Schema;

/**
 * The two calls the Confluent wire format needs from a schema registry: register a writer
 * schema under a subject (getting its global id), and fetch a schema by id.
 *
 * <p>Implementations cache: a serde calls these on every record.
 */
public interface SchemaRegistry {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with global id {@code id}; throws {@link WireFormatException} with UNKNOWN_SCHEMA_ID if none. */
    Schema schemaById(int id);
}
