package dev.attune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.schema.QueryEvent;
import dev.attune.serde.SerdeFactory;
import dev.attune.testkit.SchemaRegistryProcess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry keeps schemas in memory, so the stack saves and restores them around a restart. What
 * matters is that bytes written before the restart still decode after it: the schema ids must survive.
 */
class RegistryBackupIT {

    private static final Path REGISTRY_JAR = Path.of(System.getProperty("attune.repo.root", ".."))
            .resolve(LocalStack.REGISTRY_JAR).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void shouldDecodeRecordsWrittenBeforeARestartAfterRestoringTheBackup() throws Exception {
        Path backupFile = dir.resolve("registry-backup.zip");
        ClickEvent click = ClickEvent.newBuilder().setUserId("7").setItemId("318").setKind(EventKind.LIKE)
                .setEventTime(Instant.parse("2020-01-01T00:00:00Z")).setDwellMillis(null).setContext(Map.of()).build();
        QueryEvent query = QueryEvent.newBuilder().setUserId("7").setQueryId("q1").setText("space opera")
                .setEventTime(Instant.parse("2020-01-01T00:00:01Z")).build();
        byte[] clickBytes;
        byte[] queryBytes;
        // Given records written through a first registry, whose content is then saved
        try (SchemaRegistryProcess first = SchemaRegistryProcess.start(REGISTRY_JAR, 0, dir.resolve("first.log"))) {
            SerdeFactory serdes = SerdeFactory.forUrl(first.url());
            queryBytes = serdes.value(QueryEvent.class).serializer().serialize("queries", query);
            clickBytes = serdes.value(ClickEvent.class).serializer().serialize("clicks", click);
            new RegistryBackup("http://127.0.0.1:" + first.port(), backupFile).export();
        }
        // When a new, empty registry is started and restored from the backup
        try (SchemaRegistryProcess second = SchemaRegistryProcess.start(REGISTRY_JAR, 0, dir.resolve("second.log"))) {
            new RegistryBackup("http://127.0.0.1:" + second.port(), backupFile).restore();
            SerdeFactory serdes = SerdeFactory.forUrl(second.url());

            // Then the old bytes decode, and a new writer gets the same ids as before
            assertThat(serdes.value(ClickEvent.class).deserializer().deserialize("clicks", clickBytes)).isEqualTo(click);
            assertThat(serdes.value(QueryEvent.class).deserializer().deserialize("queries", queryBytes)).isEqualTo(query);
            assertThat(serdes.value(ClickEvent.class).serializer().serialize("clicks", click)).isEqualTo(clickBytes);
        }
    }
}
