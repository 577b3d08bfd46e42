package dev.attune.testkit;

import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The broker that broker tests (*IT) share: one per test JVM, started on first use and stopped
 * when the JVM exits. System property {@code attune.it.kafka} picks it:
 * <ul>
 *   <li>{@code embedded} (default): {@link KRaftBroker} in this JVM; needs nothing but Java;</li>
 *   <li>{@code testcontainers}: the {@code apache/kafka} image through Testcontainers; needs Docker.</li>
 * </ul>
 * Tests share the broker, so each uses its own topics and application ids ({@link #unique}).
 */
public final class TestKafka {

    public static final String MODE_PROPERTY = "attune.it.kafka";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    private static final Logger LOG = LoggerFactory.getLogger(TestKafka.class);
    private static volatile String bootstrapServers;

    private TestKafka() {
    }

    /** The shared broker's bootstrap servers, starting it if needed. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = start(System.getProperty(MODE_PROPERTY, "embedded").toLowerCase(Locale.ROOT));
        }
        return bootstrapServers;
    }

    /** A name no other test on the shared broker uses, e.g. {@code clicks-3f2a9c}. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String start(String mode) {
        try {
            switch (mode) {
                case "embedded", "" -> {
                    KRaftBroker broker = KRaftBroker.startEphemeral();
                    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-shutdown"));
                    return broker.bootstrapServers();
                }
                case "testcontainers" -> {
                    KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
                    container.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-kafka-shutdown"));
                    LOG.info("Kafka container ready at {}", container.getBootstrapServers());
                    return container.getBootstrapServers();
                }
                default -> throw new IllegalArgumentException(
                        MODE_PROPERTY + " must be 'embedded' or 'testcontainers', got '" + mode + "'");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not start the test broker", e);
        }
    }
}
