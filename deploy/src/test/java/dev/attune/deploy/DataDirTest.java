package dev.attune.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attune.deploy.process.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {

    @TempDir
    Path root;

    @Test
    void shouldKeepTheControllerPortOfAnExistingBrokerDirectory() {
        DataDir dir = DataDir.prepare(root, false);
        int first = dir.controllerPort(0, false);

        int again = DataDir.prepare(root, false).controllerPort(Ports.freePort(), true);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void shouldWipeEverythingWithFreshButKeepItOtherwise() throws IOException {
        Files.createDirectories(root.resolve("broker/log"));
        Files.writeString(root.resolve("loaded.properties"), "dataset=x");

        DataDir.prepare(root, false);
        assertThat(root.resolve("loaded.properties")).exists();

        DataDir.prepare(root, true);
        assertThat(root.resolve("loaded.properties")).doesNotExist();
        assertThat(root.resolve("broker")).doesNotExist();
        assertThat(root.resolve("logs")).isDirectory();
    }

    @Test
    void shouldRefuseADirectoryWhoseLauncherStillRuns() {
        // This test JVM plays the launcher that wrote the stack file.
        new StackFile(ProcessHandle.current().pid(), "127.0.0.1:1", "http://127.0.0.1:2", List.of()).write(root);

        assertThatThrownBy(() -> DataDir.prepare(root, true)).hasMessageContaining("already running");
        assertThat(StackFile.path(root)).exists();
    }

    @Test
    void shouldIgnoreAStackFileLeftByALauncherThatIsGone() {
        new StackFile(Long.MAX_VALUE, "127.0.0.1:1", "http://127.0.0.1:2", List.of("http://localhost:3")).write(root);

        assertThat(StackFile.read(root)).get().satisfies(file -> {
            assertThat(file.launcherAlive()).isFalse();
            assertThat(file.httpUrls()).containsExactly("http://localhost:3");
        });
        DataDir.prepare(root, false);
    }
}
