package dev.attune.worker;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Makes the worker's Kafka clients; a seam for tests that want MockConsumer / MockProducer. */
public interface KafkaClients {

    Consumer<byte[], byte[]> consumer(Map<String, Object> config);

    Producer<byte[], byte[]> producer(Map<String, Object> config);

    /** Real clients. Bytes in and out: decoding happens in the worker so a bad record cannot stop a poll. */
    KafkaClients REAL = new KafkaClients() {
        @Override
        public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public Producer<byte[], byte[]> producer(Map<String, Object> config) {
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
    };
}
