package dev.attune.bench.pipeline;

import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.testkit.FreePorts;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The streams app as a deployment runs it: {@code StreamsAppMain} in its own JVM, with the JVM
 * options and environment of a deployment profile, so that its RSS is the app's alone (no load
 * generator, no harness heap in it). Its settings are a {@link StreamsAppConfig}'s, passed as
 * {@code key=value} arguments; its schema registry must therefore be a real one (a {@code mock://}
 * scope lives in one JVM). Logs to a file, whose last lines a failed start quotes.
 */
public final class AppProcess implements AutoCloseable {

    private static final String MAIN = "dev.attune.streams.StreamsAppMain";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    private final Process process;
    private final Path log;

    private AppProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the app with {@code config}'s settings on a free HTTP port and returns once {@code /health/ready}
     * answers 200 (RUNNING, nothing restoring). {@code jvmOptions} and {@code environment} are the profile's.
     */
    public static AppProcess start(StreamsAppConfig config, List<String> jvmOptions, Map<String, String> environment)
            throws IOException, InterruptedException {
        int port = FreePorts.loopback();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // Dot products as in this JVM: SIMD where the harness has the JDK's vector module (BENCH_SIMD).
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            command.add("--add-modules=jdk.incubator.vector");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
        config.originals().forEach((key, value) -> command.add(key + "=" + value));
        command.add(StreamsAppConfig.HTTP_PORT + "=" + port);
        Path log = Files.createTempFile("attune-bench-app-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        AppProcess app = new AppProcess(builder.start(), log);
        try {
            app.awaitReady(URI.create("http://127.0.0.1:" + port + "/health/ready"));
        } catch (IOException | RuntimeException | InterruptedException e) {
            app.stop(); // the log stays: the message quotes it
            throw e;
        }
        return app;
    }

    private void awaitReady(URI ready) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited (" + process.exitValue() + ") before it was ready; "
                        + tail());
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build();
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the HTTP server starts a few seconds after the JVM
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the app was not ready within " + READY_TIMEOUT + "; " + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return "last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
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

    /** Stops the app ({@link #stop}) and deletes its log. */
    @Override
    public void close() {
        stop();
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file left behind
        }
    }

    /** SIGTERM (the app closes Kafka Streams cleanly), then SIGKILL after 30 s. */
    private void stop() {
        Processes.stop(process, Duration.ofSeconds(30));
    }
}
