package dev.attune.streams.processor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * A store's value serde that keeps an Avro record in a compact form of its own (first byte: that form's number, never
 * the 0 that starts the schema registry's framing), and reads the Avro record that releases before the form wrote, so
 * that a store upgraded in place keeps working, each value converted when next written. Configured with format 1 it
 * writes the Avro record too: for a rolling upgrade from releases that read only that, until none runs.
 */
abstract class CompactOrAvroSerde<T> implements Serde<T> {

    private final Serde<T> avro;
    private final byte compactFormat;
    private final String store;
    private final boolean compact;

    /**
     * {@code avro}: the record's schema-registry serde; {@code format}: 1 (write the Avro record) or
     * {@code compactFormat}; {@code store}: what values this serde keeps, for the errors it raises.
     */
    CompactOrAvroSerde(Serde<T> avro, int format, byte compactFormat, String store) {
        if (format != 1 && format != compactFormat) { // 1: the Avro record
            throw new IllegalArgumentException(store + " format must be 1 or " + compactFormat + ", got " + format);
        }
        this.avro = avro;
        this.compactFormat = compactFormat;
        this.store = store;
        this.compact = format == compactFormat;
    }

    /** The compact form, its first byte the format's number. */
    abstract byte[] encode(T value);

    /** A value of the compact form; any RuntimeException is reported as a corrupt value of the store. */
    abstract T decode(ByteBuffer in);

    @Override
    public final Serializer<T> serializer() {
        Serializer<T> first = avro.serializer();
        return (topic, value) -> value == null ? null : compact ? encode(value) : first.serialize(topic, value);
    }

    @Override
    public final Deserializer<T> deserializer() {
        Deserializer<T> first = avro.deserializer();
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] != compactFormat) {
                return first.deserialize(topic, bytes);
            }
            try {
                ByteBuffer in = ByteBuffer.wrap(bytes);
                in.get();
                T value = decode(in);
                if (in.hasRemaining()) {
                    throw new IllegalArgumentException(in.remaining() + " bytes after the value's end");
                }
                return value;
            } catch (RuntimeException e) { // a truncated or corrupt value: say which store, not a buffer underflow
                throw new SerializationException("cannot read a stored value of " + store, e);
            }
        };
    }

    /** An unsigned varint count that cannot exceed the bytes left (each entry takes at least one). */
    static int count(ByteBuffer in) {
        int count = ByteUtils.readUnsignedVarint(in);
        if (count < 0 || count > in.remaining()) { // a corrupt count, not an allocation
            throw new IllegalArgumentException("a count of " + count + " with " + in.remaining() + " bytes left");
        }
        return count;
    }

    /** A string as {@link #utf8} and {@link #put} write it: its UTF-8 length (unsigned varint), then the bytes. */
    static String string(ByteBuffer in) {
        int length = count(in);
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes {@link #put} writes for these. */
    static int sizeOf(byte[] utf8) {
        return ByteUtils.sizeOfUnsignedVarint(utf8.length) + utf8.length;
    }

    static void put(ByteBuffer out, byte[] utf8) {
        ByteUtils.writeUnsignedVarint(utf8.length, out);
        out.put(utf8);
    }
}
