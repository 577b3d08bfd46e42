package dev.attune.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.Evidence;
import dev.attune.schema.EventKind;
import dev.attune.schema.ExplanationRequest;
import dev.attune.schema.Facet;
import dev.attune.schema.Interaction;
import dev.attune.schema.Interest;
import dev.attune.schema.ItemEvent;
import dev.attune.schema.ItemVector;
import dev.attune.schema.NegativeSignal;
import dev.attune.schema.QuantizedVector;
import dev.attune.schema.QueryEvent;
import dev.attune.schema.QueryVector;
import dev.attune.schema.Recommendations;
import dev.attune.schema.RecommendedItem;
import dev.attune.schema.TermVector;
import dev.attune.schema.UserInterests;
import dev.attune.schema.Vector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroWireSerdeRoundTripTest {

    private static final String SCOPE = "round-trip";
    private static final int SAMPLES_PER_TYPE = 25;

    @AfterEach
    void forgetSchemas() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    static Stream<Class<? extends SpecificRecord>> everyGeneratedRecord() {
        return Stream.of(ItemEvent.class, ClickEvent.class, QueryEvent.class, ItemVector.class, TermVector.class,
                QueryVector.class, UserInterests.class, Recommendations.class, ExplanationRequest.class,
                Vector.class, Facet.class, Interest.class, QuantizedVector.class, Evidence.class, Interaction.class,
                NegativeSignal.class, RecommendedItem.class);
    }

    @ParameterizedTest
    @MethodSource("everyGeneratedRecord")
    <T extends SpecificRecord> void shouldReadBackEqualRecordWhenWrittenInWireFormat(Class<T> type) {
        // Given
        Serde<T> serde = SerdeFactory.forUrl("mock://" + SCOPE).value(type);
        List<T> records = randomRecords(type);

        for (T record : records) {
            // When
            byte[] bytes = serde.serializer().serialize("some-topic", record);
            T read = serde.deserializer().deserialize("some-topic", bytes);

            // Then
            assertThat(read).isEqualTo(record);
        }
    }

    @Test
    void shouldMapTombstoneToNullBothWays() {
        // Given
        Serde<ItemEvent> serde = SerdeFactory.forUrl("mock://" + SCOPE).value(ItemEvent.class);

        // When / Then
        assertThat(serde.serializer().serialize("items", null)).isNull();
        assertThat(serde.deserializer().deserialize("items", null)).isNull();
    }

    @Test
    void shouldWriteMagicByteZeroThenBigEndianSchemaIdWhenSerializing() {
        // Given a registry that hands out an id whose four bytes all differ
        int id = 0x01020304;
        Schema schema = ClickEvent.getClassSchema();
        SchemaRegistry registry = new SchemaRegistry() {
            @Override
            public int register(String subject, Schema registered) {
                assertThat(subject).isEqualTo("clicks-value");
                return id;
            }

            @Override
            public Schema schemaById(int requested) {
                assertThat(requested).isEqualTo(id);
                return schema;
            }
        };
        Serde<ClickEvent> serde = new SerdeFactory(registry).value(ClickEvent.class);
        ClickEvent click = ClickEvent.newBuilder().setUserId("u1").setItemId("i1").setKind(EventKind.VIEW)
                .setEventTime(Instant.ofEpochMilli(42)).setDwellMillis(null).setContext(Map.of()).build();

        // When
        byte[] bytes = serde.serializer().serialize("clicks", click);

        // Then
        assertThat(bytes).startsWith(0, 1, 2, 3, 4);
        assertThat(avroBody(bytes)).isEqualTo(plainAvro(schema, click));
        assertThat(serde.deserializer().deserialize("clicks", bytes)).isEqualTo(click);
    }

    @Test
    void shouldWriteNextRecordIntactWhenWriteFailedHalfway() {
        // Given a record that fails after its first two fields were encoded (the thread's encoder reuses its buffer)
        Serde<ClickEvent> serde = SerdeFactory.forUrl("mock://" + SCOPE).value(ClickEvent.class);
        ClickEvent broken = new ClickEvent("u-broken", "i-broken", null, Instant.ofEpochMilli(1), null, Map.of());
        ClickEvent click = ClickEvent.newBuilder().setUserId("u1").setItemId("i1").setKind(EventKind.VIEW)
                .setEventTime(Instant.ofEpochMilli(42)).setDwellMillis(null).setContext(Map.of()).build();
        assertThatThrownBy(() -> serde.serializer().serialize("clicks", broken)).isInstanceOf(RuntimeException.class);

        // When
        byte[] bytes = serde.serializer().serialize("clicks", click);

        // Then nothing of the failed record leaks into it
        assertThat(avroBody(bytes)).isEqualTo(plainAvro(ClickEvent.getClassSchema(), click));
        assertThat(serde.deserializer().deserialize("clicks", bytes)).isEqualTo(click);
    }

    /**
     * Random but valid instances: RandomData builds generic records (covering unions, maps, arrays,
     * enums and optional fields), which are turned into the generated class by Avro itself.
     */
    private static <T extends SpecificRecord> List<T> randomRecords(Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema);
        List<T> records = new ArrayList<>();
        Iterator<Object> generic = new RandomData(GenericData.get(), schema, SAMPLES_PER_TYPE, 20261122L).iterator();
        while (generic.hasNext()) {
            byte[] avro = plainAvro(schema, generic.next());
            try {
                records.add(reader.read(null, DecoderFactory.get().binaryDecoder(avro, null)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(records).hasSize(SAMPLES_PER_TYPE);
        return records;
    }

    private static byte[] plainAvro(Schema schema, Object datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<>(schema, SpecificData.getForSchema(schema)).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static byte[] avroBody(byte[] wire) {
        byte[] body = new byte[wire.length - 5];
        System.arraycopy(wire, 5, body, 0, body.length);
        return body;
    }
}
