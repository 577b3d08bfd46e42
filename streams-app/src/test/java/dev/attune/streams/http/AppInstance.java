package dev.attune.streams.http;

import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.catalogue.Vocabulary;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.topology.AttuneTopology;
import dev.attune.testkit.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;

/** One streams-app instance as production wires it (AttuneTopology + ApiServer), for broker tests. */
final class AppInstance implements AutoCloseable {

    final StreamsAppConfig config;
    final KafkaStreams streams;
    final ApiServer api;
    private final Catalogue catalogue;
    private final Vocabulary vocabulary;
    private boolean closed;

    private AppInstance(StreamsAppConfig config) {
        this.config = config;
        this.catalogue = AttuneTopology.newCatalogue(config);
        this.vocabulary = AttuneTopology.newVocabulary(config);
        this.streams = new KafkaStreams(AttuneTopology.build(config, catalogue, vocabulary), config.streamsProperties());
        // Before start, so that readiness follows restoration.
        this.api = ApiServer.start(streams, config, catalogue);
        streams.start();
    }

    /** Starts an instance of application {@code appId} whose REST port is also its application.server. */
    static AppInstance start(Map<String, Object> shared, Path stateDir) {
        int port = FreePorts.loopback();
        Map<String, Object> values = new HashMap<>(shared);
        values.put(StreamsAppConfig.STATE_DIR, stateDir.toString());
        values.put(StreamsAppConfig.HTTP_PORT, port);
        values.put(StreamsAppConfig.APPLICATION_SERVER, "127.0.0.1:" + port);
        return new AppInstance(new StreamsAppConfig(values));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    String server() {
        return "127.0.0.1:" + api.port();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        api.close();
        // Leave the group at once, as a rolling restart does, instead of waiting for the session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        catalogue.close();
        vocabulary.close();
    }
}
