package dev.attune.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema registry built by the {@code schema-registry} module (Apicurio Registry in memory,
 * {@code schema-registry/target/quarkus-app/quarkus-run.jar}) running as a child process: for broker
 * tests that cover the wire format and for the local stack.
 *
 * <p>Ready means: our own child logged that it listens on our port AND the Confluent API answers
 * there. The log check matters on shared machines: another process that happens to hold the port
 * would answer HTTP while our child dies of "address in use".
 */
public final class SchemaRegistryProcess implements AutoCloseable {

    /** Where the Confluent-compatible API lives on an Apicurio 2.x server. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryProcess.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /**
     * ~190-210 MB RSS. C1 only: a registry serves a few lookups per client and never gets hot, and
     * skipping C2 halved its start-up on two busy cores (3-7 s instead of 13-14 s).
     */
    private static final List<String> DEFAULT_JVM_ARGS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Process process;
    private final int port;
    private final Path logFile;
    private final Thread shutdownHook;

    private SchemaRegistryProcess(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        // A test JVM that dies without calling close() must not leave a registry behind.
        this.shutdownHook = new Thread(this::stop, "schema-registry-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code runJar} on 127.0.0.1:{@code port} (0 picks a free port) with in-memory storage,
     * logging to {@code logFile}, and returns once the Confluent API answers.
     */
    public static SchemaRegistryProcess start(Path runJar, int port, Path logFile) throws IOException {
        return start(runJar, port, logFile, null);
    }

    /**
     * As {@link #start(Path, int, Path)}, but keeps schemas in an H2 database under {@code dataDir}
     * (null: in memory). The local stack needs this: its broker keeps records across restarts, and
     * those records name schema ids that a fresh in-memory registry would hand out again for other schemas.
     */
    public static SchemaRegistryProcess start(Path runJar, int port, Path logFile, Path dataDir) throws IOException {
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalStateException("no registry at " + runJar
                    + ": build it with ./mvnw -pl schema-registry package");
        }
        int chosenPort = port == 0 ? FreePorts.loopback() : port;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(DEFAULT_JVM_ARGS);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + chosenPort);
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            command.add("-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("registry"));
        }
        command.add("-jar");
        command.add(runJar.toAbsolutePath().toString());
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        // To a file, not a pipe: nobody drains a pipe once we are ready, and a full pipe blocks the registry.
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        SchemaRegistryProcess registry = new SchemaRegistryProcess(process, chosenPort, logFile);
        try {
            registry.awaitReady();
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** A registry on a free port, logging to a temporary file. */
    public static SchemaRegistryProcess startEphemeral(Path runJar) throws IOException {
        return start(runJar, 0, Files.createTempFile("schema-registry-", ".log"));
    }

    /** The base URL for {@code schema.registry.url}, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}. */
    public String url() {
        return "http://127.0.0.1:" + port + CCOMPAT_PATH;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** Stops the registry and anything it started: SIGTERM, then SIGKILL after a grace period. */
    public void stop() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handle.destroyForcibly();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("schema registry process {} ignored SIGTERM; killing it", handle.pid());
                handle.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself during JVM exit: nothing to remove.
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String listening = "Listening on: http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("schema registry exited with " + process.exitValue()
                        + " before it was ready; log " + logFile + ":\n" + logTail());
            }
            if (readLog().contains(listening) && answers(http)) {
                LOG.info("schema registry (pid {}) ready at {}", process.pid(), url());
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("schema registry not ready at " + url() + " after " + READY_TIMEOUT
                + "; log " + logFile + ":\n" + logTail());
    }

    private boolean answers(HttpClient http) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/subjects"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the schema registry", e);
        }
    }

    private String logTail() {
        String log = readLog();
        return log.length() <= 8000 ? log : log.substring(log.length() - 8000);
    }

    private String readLog() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the schema registry", e);
        }
    }

    /**
     * Runs the registry in the foreground: {@code SchemaRegistryProcess <quarkus-run.jar> <port> <log-file> [data-dir]}.
     * Prints {@code READY <url>} on standard output once it answers, and stops it when this JVM ends.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: SchemaRegistryProcess <quarkus-run.jar> <port> <log-file> [data-dir]");
            System.exit(2);
        }
        SchemaRegistryProcess registry = start(Path.of(args[0]), Integer.parseInt(args[1]), Path.of(args[2]),
                args.length == 4 ? Path.of(args[3]) : null);
        System.out.println("READY " + registry.url());
        System.out.flush();
        registry.process.waitFor();
    }
}
