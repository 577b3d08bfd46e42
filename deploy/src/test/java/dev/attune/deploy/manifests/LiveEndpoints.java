package dev.attune.deploy.manifests;

import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.http.ApiServer;
import dev.attune.worker.metrics.MetricsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The two services' real HTTP servers on free ports, without a broker: the streams app's REST server around a
 * Kafka Streams instance that is never started, and the worker's metrics server with a health flag to flip.
 * A probe path is real when the server answers it as a health endpoint.
 */
final class LiveEndpoints implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path stateDir;
    private final KafkaStreams streams;
    private final ApiServer api;
    private final AtomicBoolean workerHealthy = new AtomicBoolean();
    private final MetricsServer worker;

    private LiveEndpoints(Path stateDir) throws IOException {
        this.stateDir = stateDir;
        StreamsAppConfig config = StreamsAppConfig.of(Map.of(
                StreamsAppConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9",
                StreamsAppConfig.APPLICATION_SERVER, "127.0.0.1:9",
                StreamsAppConfig.STATE_DIR, stateDir.toString(),
                StreamsAppConfig.HTTP_PORT, 0));
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("unused");
        streams = new KafkaStreams(builder.build(), config.streamsProperties());
        api = ApiServer.start(streams, config, itemId -> Optional.empty(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        worker = new MetricsServer(0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), workerHealthy::get);
    }

    static LiveEndpoints start() throws IOException {
        return new LiveEndpoints(Files.createTempDirectory("attune-manifest-test"));
    }

    /** Whether {@code service} answers {@code path} as a health endpoint (not 404, not some other page). */
    boolean serves(String service, String path) throws IOException, InterruptedException {
        if (service.equals("streams-app")) {
            // Before start the instance is live (200) and not ready (503); a health answer carries status UP or DOWN.
            HttpResponse<String> response = get(api.port(), path);
            return (response.statusCode() == 200 || response.statusCode() == 503)
                    && response.body().matches(".*\"status\":\"(UP|DOWN)\".*");
        }
        workerHealthy.set(true);
        int up = get(worker.port(), path).statusCode();
        workerHealthy.set(false);
        int down = get(worker.port(), path).statusCode();
        return up == 200 && down == 503;
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws IOException {
        worker.close();
        api.close();
        streams.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
