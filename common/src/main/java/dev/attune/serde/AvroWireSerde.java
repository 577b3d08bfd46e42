package dev.attune.serde;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro records of one generated class in the Confluent wire format: magic byte 0, the writer
 * schema's 4-byte big-endian registry id, then Avro binary. Subjects follow Confluent's
 * TopicNameStrategy ({@code <topic>-value} / {@code <topic>-key}), so any client of that ecosystem
 * can read and write our topics.
 *
 * <p>Reading resolves the writer's schema (looked up by id) against this class's schema, so older
 * and newer writers that only added optional fields are read without error. Every failure is a
 * {@link WireFormatException} with a reason; a null payload is a tombstone and reads as null.
 */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T> {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

    private final SchemaRegistry registry;
    private final Schema readerSchema;
    private final boolean isKey;
    private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    /** This serde's schema id per subject: registering renders the schema as JSON, far too costly per record. */
    private final Map<String, Integer> idsBySubject = new ConcurrentHashMap<>();
    private final SpecificDatumWriter<T> writer;

    public AvroWireSerde(SchemaRegistry registry, Class<T> type, boolean isKey) {
        this.registry = registry;
        this.readerSchema = SpecificData.get().getSchema(type);
        this.isKey = isKey;
        this.writer = new SpecificDatumWriter<>(readerSchema);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> record == null ? null : serialize(topic, record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : deserialize(bytes);
    }

    byte[] serialize(String topic, T record) {
        String subject = topic + (isKey ? "-key" : "-value"); // a null topic names subject "null-value", as before
        Integer id = idsBySubject.get(subject);
        if (id == null) {
            id = registry.register(subject, readerSchema);
            idsBySubject.put(subject, id);
        }
        Output output = OUTPUT.get();
        ByteArrayOutputStream out = output.start();
        out.write(MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        try {
            BinaryEncoder encoder = output.encoder();
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | AvroRuntimeException e) {
            throw new WireFormatException(WireFormatException.Reason.INCOMPATIBLE_SCHEMA,
                    "cannot write " + readerSchema.getFullName() + " to " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * The buffer and encoder one thread's serializations reuse. A user's state is a few KB of small fields: a
     * direct (unbuffered) encoder wrote them one synchronized stream call each into a buffer grown from 256 bytes,
     * which made writing the state the largest cost of saving it (pipeline bench profile). The encoder buffers and
     * hands the stream its bytes in blocks; the stream keeps its grown size for the next record.
     */
    private static final class Output {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        private BinaryEncoder encoder;

        ByteArrayOutputStream start() {
            out.reset();
            return out;
        }

        BinaryEncoder encoder() {
            if (encoder != null && encoder.bytesBuffered() > 0) {
                encoder = null; // left over from a write that failed: reconfiguring would flush it into this record
            }
            encoder = EncoderFactory.get().binaryEncoder(out, encoder);
            return encoder;
        }
    }

    T deserialize(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != MAGIC_BYTE) {
            throw new WireFormatException(WireFormatException.Reason.NOT_WIRE_FORMAT,
                    bytes.length == 0 ? "empty payload" : "magic byte is " + bytes[0] + ", expected 0");
        }
        if (bytes.length < HEADER_SIZE) {
            throw new WireFormatException(WireFormatException.Reason.TRUNCATED,
                    bytes.length + " bytes, shorter than the 5-byte header");
        }
        int writerId = ByteBuffer.wrap(bytes, 1, 4).getInt();
        SpecificDatumReader<T> reader = readersByWriterId.computeIfAbsent(writerId,
                id -> new SpecificDatumReader<>(registry.schemaById(id), readerSchema));
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_SIZE, bytes.length - HEADER_SIZE, null);
        try {
            T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new WireFormatException(WireFormatException.Reason.INCOMPATIBLE_SCHEMA,
                        "bytes left over after reading " + readerSchema.getFullName() + " with writer schema " + writerId);
            }
            return record;
        } catch (EOFException e) {
            throw new WireFormatException(WireFormatException.Reason.TRUNCATED,
                    "Avro data ends early for schema id " + writerId, e);
        } catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException
                | NegativeArraySizeException e) {
            throw new WireFormatException(WireFormatException.Reason.INCOMPATIBLE_SCHEMA,
                    "cannot read " + readerSchema.getFullName() + " written with schema id " + writerId + ": " + e, e);
        }
    }
}
