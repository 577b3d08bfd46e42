package dev.attune.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the schema registry's content across restarts of the local stack. The registry stores
 * schemas in memory, but the broker's topics outlive it, and every record names its schema by id:
 * after a restart with new ids nothing already in the topics could be read. Apicurio's admin
 * export/import keeps the ids, so the stack exports on the way down (and after loading) and
 * imports into the fresh, empty registry on the way up.
 */
public final class RegistryBackup {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryBackup.class);
    private static final String ADMIN = "/apis/registry/v2/admin";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Path file;

    /** {@code baseUrl} is the registry's root, e.g. {@code http://127.0.0.1:8081}. */
    public RegistryBackup(String baseUrl, Path file) {
        this.baseUrl = baseUrl;
        this.file = file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** Writes the registry's content to the backup file (atomically: a crash mid-way keeps the old one). */
    public void export() throws IOException, InterruptedException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        HttpResponse<Path> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + ADMIN + "/export"))
                .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofFile(partial));
        if (response.statusCode() != 200) {
            throw new IOException("registry export answered " + response.statusCode());
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.debug("registry content saved to {}", file);
    }

    /** Loads the backup into an empty registry, keeping every schema's id. */
    public void restore() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + ADMIN + "/import"))
                .timeout(TIMEOUT).header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("registry import answered " + response.statusCode() + ": " + response.body());
        }
        LOG.info("schema registry restored from {}", file);
    }
}
