package dev.attune.bench.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft broker ({@code dev.attune.testkit.KRaftBroker}) in its own JVM, so its
 * CPU, heap and RSS are not mixed with the app's: the benches measure the app's process, and the
 * broker competes for the same 2 cores as it would on a small box. Its log lives in a temporary
 * directory that the broker itself removes on SIGTERM.
 */
public final class BrokerProcess implements AutoCloseable {

    private final Process process;
    private final String bootstrapServers;
    /** A harness stopped by a signal (kill, a CI timeout) runs its shutdown hooks but not its finally blocks. */
    private final Thread shutdownHook;

    private BrokerProcess(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.shutdownHook = new Thread(this::stop, "broker-process-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static BrokerProcess start(String heap) throws IOException {
        Path dataDir = Files.createTempDirectory("attune-kafka-");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx" + heap, "-Xms" + heap,
                "-cp", System.getProperty("java.class.path"), "dev.attune.testkit.KRaftBroker", dataDir.toString(), "0", "0"))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("READY ")) {
                BrokerProcess broker = new BrokerProcess(process, line.split(" ")[1]);
                drain(out);
                return broker;
            }
        }
        process.destroyForcibly();
        throw new IOException("broker exited before it was ready (exit " + process.exitValue() + ")");
    }

    /** Keeps reading the broker's log so that a full pipe never blocks it. */
    private static void drain(BufferedReader out) {
        Thread t = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discarded: the broker's INFO log is not part of the figures
                }
            } catch (IOException e) {
                // the broker went away
            }
        }, "broker-log");
        t.setDaemon(true);
        t.start();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long pid() {
        return process.pid();
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

    /** SIGTERM (the broker then removes its log directory), SIGKILL after 30 s. */
    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
