package dev.attune.worker;

import dev.attune.config.EnvironmentOverrides;
import dev.attune.worker.config.WorkerConfig;
import dev.attune.worker.metrics.MetricsServer;
import dev.attune.worker.metrics.WorkerMetrics;
import dev.attune.worker.model.DjlDefaults;
import dev.attune.worker.model.TextEncoder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedding worker: {@code [--config FILE] [key=value ...]}, or prints every setting with {@code --help}. Settings are read from the file,
 * then ATTUNE_* environment variables, then the arguments (later wins); see {@link WorkerConfig} for
 * the keys. Exits 2 when the configuration is invalid or the model cannot be loaded.
 */
public final class EmbeddingWorkerMain {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingWorkerMain.class);

    private EmbeddingWorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (List.of(args).contains("--help")) {
            System.out.println(WorkerConfig.DEFINITION.toRst());
            return;
        }
        DjlDefaults.apply();
        WorkerConfig config;
        try {
            config = config(args);
        } catch (ConfigException | IllegalArgumentException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        TextEncoder encoder;
        try {
            String dir = config.getString(WorkerConfig.MODEL_DIR);
            encoder = TextEncoder.open(config.preset(), config.getString(WorkerConfig.ENGINE),
                    dir.isBlank() ? null : Path.of(dir), config.getString(WorkerConfig.DEVICE));
        } catch (RuntimeException e) {
            LOG.error("The model failed to load, the worker stops: {}", e.getMessage(), e);
            System.exit(2);
            return;
        }
        LOG.info("Embedding with model={} engine={} device={} dimension={}",
                encoder.modelId(), encoder.engine(), encoder.device(), encoder.dimension());

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        EmbeddingWorker worker = new EmbeddingWorker(config, encoder, KafkaClients.REAL, new WorkerMetrics(registry));
        int port = config.getInt(WorkerConfig.METRICS_PORT);
        MetricsServer server = port >= 0 ? new MetricsServer(port, registry, worker::healthy) : null;
        if (server != null) {
            LOG.info("Metrics on http://0.0.0.0:{}/metrics, health on /health", server.port());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "embedding-worker-shutdown"));
        try {
            worker.run();
        } finally {
            if (server != null) {
                server.close();
            }
            encoder.close();
        }
    }

    /** The merged configuration of {@code [--config FILE] [key=value ...]} and the environment. */
    static WorkerConfig config(String[] args) throws IOException {
        Properties file = new Properties();
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--config needs a file");
                }
                try (Reader reader = Files.newBufferedReader(Path.of(args[++i]))) {
                    file.load(reader);
                }
            } else {
                pairs.add(args[i]);
            }
        }
        return new WorkerConfig(EnvironmentOverrides.merge(file, System.getenv(), pairs.toArray(String[]::new)));
    }
}
