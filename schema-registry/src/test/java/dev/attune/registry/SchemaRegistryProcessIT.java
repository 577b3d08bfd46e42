package dev.attune.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.attune.schema.ClickEvent;
import dev.attune.serde.HttpSchemaRegistry;
import dev.attune.testkit.SchemaRegistryProcess;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry as a child process: gone once closed, its schemas kept in a data directory, never mistaken for another process. */
class SchemaRegistryProcessIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path logs;

    @Test
    void shouldKeepSchemaIdsWhenRestartedOnTheSameDataDir() throws Exception {
        // Given a registry with a data directory, holding one schema, then stopped
        Path data = logs.resolve("data");
        SchemaRegistryProcess first = SchemaRegistryProcess.start(jar(), 0, logs.resolve("first.log"), data);
        int id;
        try {
            id = new HttpSchemaRegistry(first.url(), TIMEOUT).register("clicks-value", ClickEvent.getClassSchema());
        } finally {
            first.close();
        }
        assertThat(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive)).as("process after close()")
                .isIn(Optional.empty(), Optional.of(false));

        // When a new registry starts on the same directory
        try (SchemaRegistryProcess second = SchemaRegistryProcess.start(jar(), 0, logs.resolve("second.log"), data)) {
            // Then the id still names the same schema
            assertThat(new HttpSchemaRegistry(second.url(), TIMEOUT).schemaById(id)).isEqualTo(ClickEvent.getClassSchema());
        }
    }

    @Test
    void shouldFailInsteadOfReportingReadyWhenAnotherServerAnswersOnThePort() throws Exception {
        // Given another HTTP server on the port, answering the readiness probe as a registry would
        HttpServer impostor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        impostor.createContext("/", exchange -> {
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        impostor.start();
        try {
            // When / Then: our own child cannot bind, and that is what we report
            assertThatThrownBy(() -> SchemaRegistryProcess.start(jar(), impostor.getAddress().getPort(), logs.resolve("clash.log")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited");
        } finally {
            impostor.stop(0);
        }
    }

    private static Path jar() {
        return Path.of(System.getProperty("attune.registry.jar"));
    }
}
