package dev.attune.deploy;

import dev.attune.deploy.process.ChildProcess;
import dev.attune.deploy.process.ModuleClasspath;
import dev.attune.deploy.process.Ports;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine, each service its own process with its data under one
 * directory: a KRaft broker, the schema registry, the embedding worker and N streams app
 * instances. {@link #close()} stops them in reverse order (SIGTERM, wait, SIGKILL) and is what
 * Ctrl-C runs.
 * Where each keeps its data: {@link DataDir}.
 */
public final class LocalStack implements AutoCloseable {

    public static final String BROKER_MAIN = "dev.attune.testkit.KRaftBroker";
    public static final String WORKER_MAIN = "dev.attune.worker.EmbeddingWorkerMain";
    public static final String STREAMS_MAIN = "dev.attune.streams.StreamsAppMain";
    public static final String REGISTRY_JAR = "schema-registry/target/quarkus-app/quarkus-run.jar";
    /** The streams app's liveness endpoint: any answer there means its HTTP server is up. */
    public static final String STREAMS_LIVE_PATH = "/health/live";
    /** 200 once the instance runs and has restored its state (503 before). */
    public static final String STREAMS_READY_PATH = "/health/ready";

    /** {@code ./attune up [options]}: see {@link UpCommand}. */
    public static void main(String[] args) {
        System.exit(UpCommand.run(List.of(args)));
    }

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration BROKER_READY = Duration.ofSeconds(90);
    private static final Duration REGISTRY_READY = Duration.ofSeconds(120);
    private static final Duration WORKER_READY = Duration.ofSeconds(180);
    private static final Duration STREAMS_READY = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    // Heaps sized for a laptop running everything at once; the broker figure is from ENVIRONMENT.md.
    private static final List<String> BROKER_JVM = List.of("-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    private static final List<String> REGISTRY_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");
    /** The JDK's vector module (an incubator in JDK 17): SIMD dot products (dev.attune.vector.Vectors). */
    private static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";
    private static final List<String> WORKER_JVM = List.of("-Xmx1g", "-Dai.djl.offline=true", VECTOR_MODULE);
    private static final List<String> STREAMS_JVM = List.of("-Xmx768m", VECTOR_MODULE);
    /** DJL usage tracking stays off in every child, whatever the services do themselves. */
    private static final Map<String, String> CHILD_ENV = Map.of("OPT_OUT_TRACKING", "true", "DJL_OFFLINE", "true");

    private final Path repoRoot;
    private final DataDir dataDir;
    private final List<ChildProcess> children = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "attune-stack-shutdown");
    private boolean closed;
    private String bootstrapServers;
    private String registryUrl;
    private RegistryBackup registryBackup;
    private final List<String> httpUrls = new ArrayList<>();

    private LocalStack(Path repoRoot, DataDir dataDir) {
        this.repoRoot = repoRoot;
        this.dataDir = dataDir;
    }

    /** Starts every service and returns once each is reachable; on failure stops what it started and throws. */
    public static LocalStack start(StackConfig config, Path repoRoot) {
        DataDir dataDir = DataDir.prepare(config.resolve(repoRoot, StackConfig.DATA_DIR), config.getBoolean(StackConfig.FRESH));
        LocalStack stack = new LocalStack(repoRoot, dataDir);
        // Registered first, so Ctrl-C during start-up also stops whatever is already running.
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            stack.startBroker(config);
            TopicAdmin.ensureTopics(stack.bootstrapServers, config.getInt(StackConfig.PARTITIONS));
            stack.startRegistry(Ports.claim(config.getInt(StackConfig.REGISTRY_PORT), "--registry-port"));
            stack.startWorker(config.getString(StackConfig.MODEL),
                    Ports.claim(config.getInt(StackConfig.WORKER_PORT), "--worker-port"));
            stack.startStreams(config.getInt(StackConfig.INSTANCES), config.getInt(StackConfig.HTTP_PORT),
                    config.getString(StackConfig.MODEL));
            new StackFile(ProcessHandle.current().pid(), stack.bootstrapServers, stack.registryUrl, stack.httpUrls)
                    .write(dataDir.root());
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startBroker(StackConfig config) {
        int port = Ports.claim(config.getInt(StackConfig.BROKER_PORT), "--broker-port");
        int controllerPort = dataDir.controllerPort(config.getInt(StackConfig.CONTROLLER_PORT),
                config.originals().containsKey(StackConfig.CONTROLLER_PORT));
        Path log = dataDir.log("broker");
        long offset = ChildProcess.logSize(log);
        ChildProcess broker = adopt(ChildProcess.startJava("broker", BROKER_JVM, System.getProperty("java.class.path"),
                BROKER_MAIN, List.of(dataDir.broker().toString(), String.valueOf(port), String.valueOf(controllerPort)),
                log, Map.of()));
        // KRaftBroker prints READY only after an admin client saw its own cluster id on that port.
        String ready = broker.awaitLogLine("READY", line -> line.startsWith("READY "), offset, BROKER_READY);
        bootstrapServers = ready.split(" ")[1];
        LOG.info("broker ready at {} (pid {})", bootstrapServers, broker.pid());
    }

    private void startRegistry(int port) {
        Path jar = repoRoot.resolve(REGISTRY_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no schema registry at " + jar + "; run ./mvnw -q install -DskipTests");
        }
        Path log = dataDir.log("schema-registry");
        long offset = ChildProcess.logSize(log);
        List<String> javaArgs = new ArrayList<>(REGISTRY_JVM);
        javaArgs.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-jar", jar.toString()));
        ChildProcess registry = adopt(ChildProcess.startJava("schema-registry", javaArgs, log, Map.of()));
        String root = "http://127.0.0.1:" + port;
        // Our own child must say it listens on our port: another process could answer HTTP there.
        registry.awaitLogLine("its listening port", line -> line.contains("Listening on: " + root), offset, REGISTRY_READY);
        registry.awaitHttp(URI.create(root + "/apis/ccompat/v7/subjects"), status -> status == 200, REGISTRY_READY);
        registryUrl = root + "/apis/ccompat/v7";
        registryBackup = new RegistryBackup(root, dataDir.registryBackup());
        if (registryBackup.exists()) {
            try {
                registryBackup.restore();
            } catch (IOException e) {
                throw new IllegalStateException("could not restore the schema registry from " + dataDir.registryBackup()
                        + "; records already in the topics would be unreadable. Start with --fresh.", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        SchemaSetup.registerAll(registryUrl);
        LOG.info("schema registry ready at {} (pid {})", registryUrl, registry.pid());
    }

    private void startWorker(String model, int port) {
        List<String> args = new ArrayList<>(commonArgs());
        args.add("metrics.port=" + port);
        if (!model.isBlank()) {
            args.add("model.preset=" + model);
        }
        ChildProcess worker = adopt(ChildProcess.startJava("embedding-worker", WORKER_JVM,
                ModuleClasspath.of(repoRoot, "embedding-worker"), WORKER_MAIN, args, dataDir.log("embedding-worker"), CHILD_ENV));
        // The worker opens its HTTP port only once the model has loaded; the port was free before it started.
        worker.awaitHttp(URI.create("http://127.0.0.1:" + port + "/health"), status -> true, WORKER_READY);
        LOG.info("embedding worker ready (pid {}, metrics on http://localhost:{}/metrics)", worker.pid(), port);
    }

    private void startStreams(int instances, int basePort, String model) {
        String classpath = ModuleClasspath.of(repoRoot, "streams-app");
        List<ChildProcess> started = new ArrayList<>();
        List<String> roots = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            int port = Ports.claim(basePort == 0 ? 0 : basePort + i, "--http-port");
            List<String> args = new ArrayList<>(commonArgs());
            args.add("state.dir=" + dataDir.streamsState(i));
            args.add("http.port=" + port);
            args.add("application.server=127.0.0.1:" + port);
            if (!model.isBlank()) {
                // Vectors of another model are dead-lettered, so the streams app must expect the worker's.
                args.add("vector.model=" + model);
            }
            String name = "streams-app-" + i;
            started.add(adopt(ChildProcess.startJava(name, STREAMS_JVM, classpath, STREAMS_MAIN, args, dataDir.log(name), CHILD_ENV)));
            roots.add("http://127.0.0.1:" + port);
            httpUrls.add("http://localhost:" + port);
        }
        // The port was free before the child started and the child is alive: any answer is its own.
        for (int i = 0; i < instances; i++) {
            started.get(i).awaitHttp(URI.create(roots.get(i) + STREAMS_LIVE_PATH), status -> true, STREAMS_READY);
        }
        // Ready means RUNNING with state restored: the page then shows data rather than 503s.
        for (int i = 0; i < instances; i++) {
            started.get(i).awaitHttp(URI.create(roots.get(i) + STREAMS_READY_PATH), status -> status == 200, STREAMS_READY);
            LOG.info("streams app {} ready at {} (pid {})", i, httpUrls.get(i), started.get(i).pid());
        }
    }

    private List<String> commonArgs() {
        return List.of("bootstrap.servers=" + bootstrapServers, "schema.registry.url=" + registryUrl);
    }

    private synchronized ChildProcess adopt(ChildProcess child) {
        if (closed) {
            child.stop(STOP_GRACE);
            throw new IllegalStateException("the stack is stopping");
        }
        children.add(child);
        return child;
    }

    /** Throws if a service has died since it started, naming it and quoting its log. */
    public synchronized void checkAlive() {
        if (closed) {
            return;
        }
        for (ChildProcess child : children) {
            child.failIfDead();
        }
    }

    /** Saves the registry's schemas now (after loading, so a crash of the launcher loses nothing). */
    public void saveRegistry() {
        if (registryBackup == null) {
            return;
        }
        try {
            registryBackup.export();
        } catch (IOException e) {
            LOG.warn("could not save the schema registry's content: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every service, last started first; safe to call twice and from the shutdown hook. */
    @Override
    public void close() {
        List<ChildProcess> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(children);
        }
        boolean registryAlive = toStop.stream().anyMatch(c -> c.name().equals("schema-registry") && c.isAlive());
        if (registryAlive) {
            saveRegistry();
        }
        for (int i = toStop.size() - 1; i >= 0; i--) {
            ChildProcess child = toStop.get(i);
            LOG.info("stopping {} (pid {})", child.name(), child.pid());
            child.stop(STOP_GRACE);
        }
        StackFile.read(dataDir.root()).filter(f -> f.launcherPid() == ProcessHandle.current().pid())
                .ifPresent(f -> StackFile.delete(dataDir.root()));
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Running as the hook itself.
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public List<String> httpUrls() {
        return List.copyOf(httpUrls);
    }

    public Path dataDir() {
        return dataDir.root();
    }

    public synchronized List<ChildProcess> children() {
        return List.copyOf(children);
    }
}
