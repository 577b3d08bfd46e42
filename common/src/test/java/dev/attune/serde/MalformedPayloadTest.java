package dev.attune.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.serde.WireFormatException.Reason;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bytes that are not our Avro surface as a {@link WireFormatException} whose reason a dead-letter handler can route. */
class MalformedPayloadTest {

    private static final String SCOPE = "malformed";
    private static final String TOPIC = "clicks";

    private final Serde<ClickEvent> serde = SerdeFactory.forUrl("mock://" + SCOPE).value(ClickEvent.class);
    private final Deserializer<ClickEvent> deserializer = serde.deserializer();

    @AfterEach
    void forgetSchemas() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldRejectAsNotWireFormatWhenMagicByteIsWrong() {
        // Given a valid record whose first byte is changed
        byte[] bytes = validBytes();
        bytes[0] = 1;

        // When / Then
        assertThat(reasonFor(bytes)).isEqualTo(Reason.NOT_WIRE_FORMAT);
    }

    @Test
    void shouldRejectAsNotWireFormatWhenPayloadIsPlainText() {
        assertThat(reasonFor("{\"userId\":\"u1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(Reason.NOT_WIRE_FORMAT);
    }

    @Test
    void shouldRejectAsNotWireFormatWhenPayloadIsEmpty() {
        assertThat(reasonFor(new byte[0])).isEqualTo(Reason.NOT_WIRE_FORMAT);
    }

    @Test
    void shouldRejectAsUnknownSchemaIdWhenRegistryNeverSawTheId() {
        // Given a valid record whose header names an id nobody registered
        byte[] bytes = validBytes();
        bytes[1] = 0x7f;

        // When / Then
        assertThat(reasonFor(bytes)).isEqualTo(Reason.UNKNOWN_SCHEMA_ID);
    }

    @Test
    void shouldRejectAsTruncatedWhenHeaderIsCut() {
        byte[] bytes = validBytes();
        for (int length = 1; length < 5; length++) {
            assertThat(reasonFor(Arrays.copyOf(bytes, length))).as("first %d bytes", length).isEqualTo(Reason.TRUNCATED);
        }
    }

    @Test
    void shouldRejectAsTruncatedWhenAvroBodyIsCutAnywhere() {
        // Given every proper prefix of a valid record that keeps the whole header
        byte[] bytes = validBytes();
        for (int length = 5; length < bytes.length; length++) {
            // When / Then
            assertThat(reasonFor(Arrays.copyOf(bytes, length))).as("first %d of %d bytes", length, bytes.length)
                    .isEqualTo(Reason.TRUNCATED);
        }
    }

    @Test
    void shouldRejectAsIncompatibleWhenBytesAreLeftOver() {
        byte[] bytes = Arrays.copyOf(validBytes(), validBytes().length + 3);

        assertThat(reasonFor(bytes)).isEqualTo(Reason.INCOMPATIBLE_SCHEMA);
    }

    @Test
    void shouldRejectAsRegistryUnavailableWhenNoRegistryListens() throws Exception {
        // Given a wire-format record, and a registry URL where nothing listens
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Deserializer<ClickEvent> remote = SerdeFactory.forUrl("http://127.0.0.1:" + closedPort + "/apis/ccompat/v7")
                .value(ClickEvent.class).deserializer();

        // When / Then
        assertThat(catchThrowableOfType(WireFormatException.class, () -> remote.deserialize(TOPIC, validBytes())).reason())
                .isEqualTo(Reason.REGISTRY_UNAVAILABLE);
    }

    @Test
    void shouldBeAKafkaSerializationExceptionSoKafkaHandlersSeeIt() {
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {9}))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("NOT_WIRE_FORMAT");
    }

    private Reason reasonFor(byte[] bytes) {
        WireFormatException e = catchThrowableOfType(WireFormatException.class, () -> deserializer.deserialize(TOPIC, bytes));
        assertThat(e).as("exception for %s", Arrays.toString(bytes)).isNotNull();
        return e.reason();
    }

    private byte[] validBytes() {
        ClickEvent click = ClickEvent.newBuilder().setUserId("user-1").setItemId("item-42").setKind(EventKind.CLICK)
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L)).setDwellMillis(1234L)
                .setContext(Map.of("surface", "home")).build();
        byte[] bytes = serde.serializer().serialize(TOPIC, click);
        assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(click);
        return bytes;
    }
}
