package dev.attune.deploy;

import dev.attune.deploy.process.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one directory that holds everything of a local stack, so a person can wipe it:
 * {@code broker/} (Kafka log and its controller port), {@code registry-backup.zip},
 * {@code streams-<i>/} (RocksDB state of instance i), {@code logs/<service>.log},
 * {@code stack.properties} (while running) and {@code loaded.properties} (once data is in).
 */
record DataDir(Path root) {

    private static final Logger LOG = LoggerFactory.getLogger(DataDir.class);

    /** Refuses a directory another launcher is running from; wipes it first if {@code fresh}. */
    static DataDir prepare(Path root, boolean fresh) {
        StackFile.read(root).filter(StackFile::launcherAlive).ifPresent(running -> {
            throw new IllegalStateException("a stack is already running from " + root + " (launcher pid "
                    + running.launcherPid() + "); stop it with Ctrl-C first, or use another --data-dir");
        });
        try {
            if (fresh && Files.exists(root)) {
                LOG.info("--fresh: removing {}", root);
                try (var paths = Files.walk(root)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(root.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + root, e);
        }
        return new DataDir(root);
    }

    Path broker() {
        return root.resolve("broker");
    }

    Path streamsState(int instance) {
        return root.resolve("streams-" + instance);
    }

    Path registryBackup() {
        return root.resolve("registry-backup.zip");
    }

    Path log(String service) {
        return root.resolve("logs").resolve(service + ".log");
    }

    /**
     * The KRaft controller port. It is written into the broker's log when that is formatted, so a
     * reused broker directory keeps the port it was created with, whatever {@code requested} says.
     */
    int controllerPort(int requested, boolean explicitlyRequested) {
        Path remembered = broker().resolve("controller.port");
        try {
            if (Files.exists(remembered)) {
                int port = Integer.parseInt(Files.readString(remembered).strip());
                if (explicitlyRequested && port != requested) {
                    LOG.warn("reusing controller port {} of the existing broker data (start with --fresh to change it)", port);
                }
                return Ports.claim(port, "--fresh and --controller-port");
            }
            int port = Ports.claim(requested, "--controller-port");
            Files.createDirectories(broker());
            Files.writeString(remembered, String.valueOf(port));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
