package dev.attune.bench.pipeline;

import dev.attune.deploy.LocalStack;
import dev.attune.deploy.process.ChildProcess;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The streams app as a deployment runs it: {@code StreamsAppMain} in its own JVM, with the JVM
 * options and environment of a deployment profile, so that its RSS is the app's alone (no load
 * generator, no harness heap in it). Its settings are a {@link StreamsAppConfig}'s, passed as
 * {@code key=value} arguments; its schema registry must therefore be a real one (a {@code mock://}
 * scope lives in one JVM). Started, watched and stopped as the local stack does it ({@link ChildProcess}).
 */
public final class AppProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final ChildProcess process;
    /** The child runs in its own session (ChildProcess), so a Ctrl-C of the harness does not reach it: this does. */
    private final Thread shutdownHook;

    private AppProcess(ChildProcess process) {
        this.process = process;
        this.shutdownHook = new Thread(() -> process.stop(STOP_GRACE), "app-process-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the app with {@code config}'s settings on a free HTTP port and returns once it is ready (RUNNING,
     * nothing restoring). {@code jvmOptions} and {@code environment} are the profile's. A failed start throws with
     * the log's last lines and leaves the log in place.
     */
    public static AppProcess start(StreamsAppConfig config, List<String> jvmOptions, Map<String, String> environment)
            throws IOException {
        int port = FreePorts.loopback();
        List<String> jvm = new ArrayList<>(jvmOptions);
        // Dot products as in this JVM: SIMD where the harness has the JDK's vector module (BENCH_SIMD).
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            jvm.add("--add-modules=jdk.incubator.vector");
        }
        List<String> args = new ArrayList<>();
        config.originals().forEach((key, value) -> args.add(key + "=" + value));
        args.add(StreamsAppConfig.HTTP_PORT + "=" + port);
        AppProcess app = new AppProcess(ChildProcess.startJava("streams-app", jvm, System.getProperty("java.class.path"),
                LocalStack.STREAMS_MAIN, args, Files.createTempFile("attune-bench-app-", ".log"), environment));
        try {
            app.process.awaitHttp(URI.create("http://127.0.0.1:" + port + LocalStack.STREAMS_READY_PATH),
                    status -> status == 200, READY_TIMEOUT);
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
        return app;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * The heap's first line as {@code jcmd <pid> GC.heap_info} prints it (e.g. G1's {@code garbage-first heap
     * total 1048576K, used 351232K ...}): what of the committed heap holds objects now. Empty if jcmd fails.
     */
    public String heapInfo() throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.heap_info")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out.lines().filter(line -> line.contains(" heap ")).map(String::trim).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the app (SIGTERM: it closes Kafka Streams cleanly; SIGKILL after 30 s) and deletes its log. */
    @Override
    public void close() {
        stop();
        try {
            Files.deleteIfExists(process.logFile());
        } catch (IOException e) {
            // a temporary file left behind
        }
    }

    private void stop() {
        process.stop(STOP_GRACE);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }
}
