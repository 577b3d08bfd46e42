package dev.attune.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The dead-letter contract shared by every service: the record's original key and value bytes,
 * unchanged, with headers saying why and where from. A consumer of the dead-letter topic can
 * count by {@link #REASON} and replay from {@link #SOURCE_TOPIC}/{@link #SOURCE_PARTITION}/{@link #SOURCE_OFFSET}.
 */
public final class DeadLetters {
    /** A short machine-readable reason, e.g. NOT_WIRE_FORMAT, WRONG_DIMENSION, EMPTY_TEXT. */
    public static final String REASON = "attune.dlq.reason";
    /** A human-readable explanation of the reason. */
    public static final String DETAIL = "attune.dlq.detail";
    /** The service that gave up on the record (embedding-worker, streams-app). */
    public static final String SERVICE = "attune.dlq.service";
    public static final String SOURCE_TOPIC = "attune.dlq.source.topic";
    public static final String SOURCE_PARTITION = "attune.dlq.source.partition";
    public static final String SOURCE_OFFSET = "attune.dlq.source.offset";

    private static final int MAX_DETAIL_CHARS = 1000;

    private DeadLetters() {
    }

    /** A dead-letter record for {@code failed}, keeping its key, value and headers. */
    public static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> failed, String deadLetterTopic,
                                                    String service, String reason, String detail) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(deadLetterTopic, null, failed.timestamp(),
                failed.key(), failed.value(), failed.headers());
        stamp(record.headers(), service, reason, detail, failed.topic(), failed.partition(), failed.offset());
        return record;
    }

    /** Adds the dead-letter headers to {@code headers}. */
    public static void stamp(Headers headers, String service, String reason, String detail,
                             String sourceTopic, int partition, long offset) {
        put(headers, REASON, reason);
        put(headers, DETAIL, truncate(detail));
        put(headers, SERVICE, service);
        put(headers, SOURCE_TOPIC, sourceTopic);
        put(headers, SOURCE_PARTITION, Integer.toString(partition));
        put(headers, SOURCE_OFFSET, Long.toString(offset));
    }

    /** The value of header {@code name} as a string, or null. */
    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String detail) {
        if (detail == null || detail.length() <= MAX_DETAIL_CHARS) {
            return detail;
        }
        return detail.substring(0, MAX_DETAIL_CHARS) + "...";
    }
}
