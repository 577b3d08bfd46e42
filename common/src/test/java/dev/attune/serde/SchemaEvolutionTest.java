package dev.attune.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Compatible evolution through our serde: writers whose schema differs from our generated class by
 * optional fields (or a newer enum symbol) register their own schema, and our reader resolves it.
 * The writer schemas are derived from ClickEvent's own, so the tests follow the real schema.
 */
class SchemaEvolutionTest {

    private static final String SCOPE = "evolution";
    private static final String TOPIC = "clicks";
    private static final long EVENT_TIME = 1_700_000_000_123L;

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(SCOPE);
    private final Deserializer<ClickEvent> reader = SerdeFactory.forUrl("mock://" + SCOPE).value(ClickEvent.class).deserializer();

    @AfterEach
    void forgetSchemas() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldReadWithOlderReaderSchemaWhenWriterAddedAnOptionalField() {
        // Given a newer writer: ClickEvent plus an optional field our class does not know
        Schema newer = withFields(ClickEvent.getClassSchema(), List.of(
                new Schema.Field("referrer", Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                        "Added after our reader was built.", Schema.Field.NULL_DEFAULT_VALUE)), List.of());
        int id = registry.register(TOPIC + "-value", newer);
        GenericRecord written = click(newer, "LIKE");
        written.put("dwellMillis", 900L);
        written.put("referrer", "newsletter");

        // When
        ClickEvent read = reader.deserialize(TOPIC, WireBytes.of(id, newer, written));

        // Then
        assertThat(read.getUserId()).isEqualTo("u1");
        assertThat(read.getItemId()).isEqualTo("i1");
        assertThat(read.getKind()).isEqualTo(EventKind.LIKE);
        assertThat(read.getEventTime()).isEqualTo(Instant.ofEpochMilli(EVENT_TIME));
        assertThat(read.getDwellMillis()).isEqualTo(900L);
        assertThat(read.getContext()).containsEntry("surface", "home");
    }

    @Test
    void shouldFillDefaultsWhenOlderWriterLackedOptionalFields() {
        // Given an older writer: ClickEvent before dwellMillis and context existed
        Schema older = withFields(ClickEvent.getClassSchema(), List.of(), List.of("dwellMillis", "context"));
        int id = registry.register(TOPIC + "-value", older);

        // When
        ClickEvent read = reader.deserialize(TOPIC, WireBytes.of(id, older, click(older, "SKIP")));

        // Then
        assertThat(read.getUserId()).isEqualTo("u1");
        assertThat(read.getKind()).isEqualTo(EventKind.SKIP);
        assertThat(read.getEventTime()).isEqualTo(Instant.ofEpochMilli(EVENT_TIME));
        assertThat(read.getDwellMillis()).isNull();
        assertThat(read.getContext()).isEmpty();
    }

    @Test
    void shouldReadUnknownEventKindWhenWriterHasANewerSymbol() {
        // Given a writer whose EventKind has a symbol our enum lacks
        Schema kind = ClickEvent.getClassSchema().getField("kind").schema();
        List<String> symbols = new ArrayList<>(kind.getEnumSymbols());
        symbols.add("SHARE");
        Schema newerKind = Schema.createEnum(kind.getName(), kind.getDoc(), kind.getNamespace(), symbols, kind.getEnumDefault());
        Schema newer = withFieldType(ClickEvent.getClassSchema(), "kind", newerKind);
        int id = registry.register(TOPIC + "-value", newer);

        // When
        ClickEvent read = reader.deserialize(TOPIC, WireBytes.of(id, newer, click(newer, "SHARE")));

        // Then: the enum's declared default, for the streams app to dead-letter rather than guess
        assertThat(read.getKind()).isEqualTo(EventKind.UNKNOWN);
        assertThat(read.getItemId()).isEqualTo("i1");
    }

    private static GenericRecord click(Schema schema, String kind) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("userId", "u1");
        record.put("itemId", "i1");
        record.put("kind", new GenericData.EnumSymbol(schema.getField("kind").schema(), kind));
        record.put("eventTime", EVENT_TIME);
        if (schema.getField("context") != null) {
            record.put("context", Map.of("surface", "home"));
        }
        return record;
    }

    /** A copy of {@code base} with {@code added} fields appended and {@code removed} fields left out. */
    private static Schema withFields(Schema base, List<Schema.Field> added, List<String> removed) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : base.getFields()) {
            if (!removed.contains(field.name())) {
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        fields.addAll(added);
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    private static Schema withFieldType(Schema base, String name, Schema type) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : base.getFields()) {
            fields.add(new Schema.Field(field, field.name().equals(name) ? type : field.schema()));
        }
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }
}
