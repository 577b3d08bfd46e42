package dev.attune.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker + controller) built from Maven Central jars,
 * with no Docker. Transactions work (replication factor 1 for the internal topics), so Kafka
 * Streams' exactly_once_v2 runs on it.
 *
 * <p>The broker tests start one per test JVM through {@link TestKafka}; the local stack runs it as
 * its own process through {@link #main}. The data directory survives a restart (the log is
 * formatted only when {@code meta.properties} is missing); delete it to start fresh.
 */
public final class KRaftBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KRaftBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final KafkaRaftServer server;
    private final String clusterId;

    private KRaftBroker(Path dataDir, int port, int controllerPort, Map<String, String> overrides) throws IOException {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        Properties props = serverProperties(dataDir, port, controllerPort, overrides);
        this.clusterId = formatIfNeeded(dataDir, props);
        this.server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    }

    /**
     * Starts a broker whose log lives in {@code dataDir}. A port of 0 picks a free one (tests);
     * {@code overrides} are extra broker settings.
     */
    public static KRaftBroker start(Path dataDir, int port, int controllerPort, Map<String, String> overrides)
            throws IOException {
        KRaftBroker broker = new KRaftBroker(dataDir, port == 0 ? FreePorts.loopback() : port,
                controllerPort == 0 ? FreePorts.loopback() : controllerPort, overrides);
        broker.server.startup();
        broker.awaitReady();
        LOG.info("Kafka broker ready at {} (cluster {}, data in {})", broker.bootstrapServers(), broker.clusterId, dataDir);
        return broker;
    }

    /** A broker on free ports in a new temporary directory, removed on {@link #close()}. */
    public static KRaftBroker startEphemeral() throws IOException {
        return start(Files.createTempDirectory("attune-kafka-"), 0, 0, Map.of());
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (dataDir.getFileName().toString().startsWith("attune-kafka-")) {
            deleteRecursively(dataDir);
        }
    }

    /** Waits until an admin client reaches this broker and sees our own cluster id (not another process's). */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    var cluster = admin.describeCluster();
                    String seen = cluster.clusterId().get(5, TimeUnit.SECONDS);
                    if (clusterId.equals(seen) && !cluster.nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                    throw new IllegalStateException("port " + port + " is served by another Kafka cluster (" + seen + ")");
                } catch (IllegalStateException e) {
                    throw e;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("broker at " + bootstrapServers() + " not ready after " + READY_TIMEOUT, e);
                    }
                    sleep(100);
                }
            }
        }
    }

    private static Properties serverProperties(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDir.resolve("log").toString());
        // One node: the internal topics cannot have more replicas than that, or transactions never start.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "8");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "8");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Consumer groups (and Streams) start at once instead of waiting 3 s for more members.
        props.put("group.initial.rebalance.delay.ms", "0");
        // The default 128 MiB dedupe buffer alone would not fit a small broker heap.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "true");
        props.putAll(overrides);
        return props;
    }

    /** Formats the log directory once; a restart reuses it (re-formatting with a new id would fail). */
    private static String formatIfNeeded(Path dataDir, Properties props) throws IOException {
        Path logDir = dataDir.resolve("log");
        Path meta = logDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            Files.createDirectories(logDir);
            Path config = dataDir.resolve("server.properties");
            try (var out = Files.newOutputStream(config)) {
                props.store(out, "written by Attune's KRaftBroker for the format step");
            }
            String clusterId = Uuid.randomUuid().toString();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[] {"format", "--config", config.toString(), "--cluster-id", clusterId,
                    "--standalone", "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IOException("formatting " + logDir + " failed: " + output.toString(StandardCharsets.UTF_8));
            }
        }
        Properties metaProps = new Properties();
        try (var in = Files.newInputStream(meta)) {
            metaProps.load(in);
        }
        return metaProps.getProperty("cluster.id");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove {}", root, e);
        }
    }

    /**
     * Runs a broker as its own process until SIGTERM: {@code KRaftBroker <data-dir> <port> <controller-port>}.
     * Prints {@code READY <bootstrap> <cluster-id>} on standard output once it serves requests.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: KRaftBroker <data-dir> <port> <controller-port>");
            System.exit(2);
        }
        KRaftBroker broker = start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kraft-broker-shutdown"));
        System.out.println("READY " + broker.bootstrapServers() + " " + broker.clusterId());
        System.out.flush();
        broker.server.awaitShutdown();
    }
}
