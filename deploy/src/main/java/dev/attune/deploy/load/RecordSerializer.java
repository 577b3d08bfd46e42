package dev.attune.deploy.load;

import dev.attune.serde.SerdeFactory;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One producer for items, clicks and queries: picks the wire-format serializer of each value's own
 * Avro class, so the registry gets the same subjects and schemas as a typed producer would register.
 */
public final class RecordSerializer implements Serializer<SpecificRecord> {

    private final SerdeFactory serdes;
    private final Map<Class<?>, Serializer<SpecificRecord>> byType = new HashMap<>();

    public RecordSerializer(SerdeFactory serdes) {
        this.serdes = serdes;
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord value) {
        if (value == null) {
            return null;
        }
        return byType.computeIfAbsent(value.getClass(), this::serializerFor).serialize(topic, value);
    }

    @SuppressWarnings("unchecked")
    private Serializer<SpecificRecord> serializerFor(Class<?> type) {
        return (Serializer<SpecificRecord>) serdes.value(type.asSubclass(SpecificRecord.class)).serializer();
    }
}
