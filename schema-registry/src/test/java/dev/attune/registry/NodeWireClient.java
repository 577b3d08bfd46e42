package dev.attune.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js Confluent-format client of {@code src/test/node}, installed with {@code npm ci} into the
 * build directory and run as a child process. Any failure (no node or npm, registry unreachable,
 * a non-zero exit) throws: a cross-language proof that cannot run must fail, not skip.
 */
final class NodeWireClient {

    private static final List<String> FILES = List.of("package.json", "package-lock.json", "wire-client.mjs");
    private static final long INSTALL_TIMEOUT_S = 300;
    private static final long RUN_TIMEOUT_S = 90;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    private NodeWireClient(Path dir) {
        this.dir = dir;
    }

    /** Copies the client from {@code source} to {@code dir} and installs its locked dependencies there. */
    static NodeWireClient install(Path source, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        for (String file : FILES) {
            Files.copy(source.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        // --ignore-scripts: nothing the client needs runs at install time, and nothing should.
        run(dir, INSTALL_TIMEOUT_S, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund");
        return new NodeWireClient(dir);
    }

    /** Produces {@code event} (ClickEvent as JSON) to {@code topic}; returns the schema id it registered. */
    int produceClickEvent(String bootstrap, String registryUrl, String topic, Path schemasDir, String event)
            throws IOException, InterruptedException {
        String out = run(dir, RUN_TIMEOUT_S, "node", "wire-client.mjs", "produce",
                bootstrap, registryUrl, topic, schemasDir.toString(), event);
        return JSON.readTree(out).path("schemaId").intValue();
    }

    /** Reads {@code count} records from the start of {@code topic}: key, magic, schemaId and the decoded value each. */
    JsonNode consume(String bootstrap, String registryUrl, String topic, int count) throws IOException, InterruptedException {
        return JSON.readTree(run(dir, RUN_TIMEOUT_S, "node", "wire-client.mjs", "consume",
                bootstrap, registryUrl, topic, Integer.toString(count)));
    }

    private static String run(Path dir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        // Both streams to files: waitFor's timeout then holds even if the child never closes them.
        Path stdout = Files.createTempFile(dir, "stdout-", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr-", ".txt");
        try {
            Process process = new ProcessBuilder(List.of(command))
                    .directory(dir.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeoutSeconds
                        + " s:\n" + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ":\n" + Files.readString(stderr, StandardCharsets.UTF_8)
                        + Files.readString(stdout, StandardCharsets.UTF_8));
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
