package dev.attune.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code <data-dir>/stack.properties}: how to reach a running local stack (for the producer CLI)
 * and which launcher owns it (so a second {@code up} on the same directory is refused instead of
 * fighting over the broker log and the RocksDB state). Written once everything is up, deleted on
 * a clean stop.
 */
public record StackFile(long launcherPid, String bootstrapServers, String registryUrl, List<String> httpUrls) {

    public static final String NAME = "stack.properties";

    public static Path path(Path dataDir) {
        return dataDir.resolve(NAME);
    }

    public void write(Path dataDir) {
        Properties props = new Properties();
        props.setProperty("launcher.pid", String.valueOf(launcherPid));
        props.setProperty("bootstrap.servers", bootstrapServers);
        props.setProperty("schema.registry.url", registryUrl);
        props.setProperty("http.urls", String.join(",", httpUrls));
        Path target = path(dataDir);
        Path partial = target.resolveSibling(NAME + ".partial");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            props.store(out, "the running Attune local stack; removed when it stops");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stack file of {@code dataDir}, if there is one. */
    public static Optional<StackFile> read(Path dataDir) {
        Path file = path(dataDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new StackFile(Long.parseLong(props.getProperty("launcher.pid", "-1")),
                props.getProperty("bootstrap.servers"), props.getProperty("schema.registry.url"),
                Arrays.stream(props.getProperty("http.urls", "").split(",")).filter(s -> !s.isBlank()).toList()));
    }

    /** Whether the launcher that wrote this file still runs (a killed launcher leaves a stale file). */
    public boolean launcherAlive() {
        return ProcessHandle.of(launcherPid).map(ProcessHandle::isAlive).orElse(false);
    }

    public static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(path(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
