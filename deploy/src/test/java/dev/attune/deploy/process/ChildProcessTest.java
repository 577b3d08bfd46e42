package dev.attune.deploy.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    private ChildProcess start(String mode) {
        return ChildProcess.startJava("sleepy", List.of("-Xmx32m"), System.getProperty("java.class.path"),
                SleepyMain.class.getName(), List.of(mode), dir.resolve("sleepy.log"), Map.of());
    }

    @Test
    void shouldSeeTheReadyLineOfItsOwnProcessAndStopItWithSigterm() {
        ChildProcess child = start("normal");

        String line = child.awaitLogLine("READY", l -> l.startsWith("READY "), 0, Duration.ofSeconds(30));
        child.stop(Duration.ofSeconds(10));

        assertThat(line).isEqualTo("READY sleepy");
        assertThat(child.isAlive()).isFalse();
        assertThat(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void shouldKillAProcessThatIgnoresSigtermAfterTheGracePeriod() {
        ChildProcess child = start("stubborn");
        child.awaitLogLine("READY", l -> l.startsWith("READY "), 0, Duration.ofSeconds(30));

        long started = System.nanoTime();
        child.stop(Duration.ofSeconds(1));

        assertThat(child.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void shouldReportAProcessThatDiedBeforeItWasReadyWithItsLog() {
        ChildProcess child = start("crash");

        assertThatThrownBy(() -> child.awaitLogLine("READY", l -> l.startsWith("READY "), 0, Duration.ofSeconds(30)))
                .hasMessageContaining("exited with code 3").hasMessageContaining("something went wrong");
    }

    @Test
    void shouldIgnoreWhatAnEarlierRunWroteToTheSameLog() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("sleepy.log"), "READY from an earlier run\n");
        long offset = ChildProcess.logSize(dir.resolve("sleepy.log"));
        ChildProcess child = start("crash");

        assertThatThrownBy(() -> child.awaitLogLine("READY", l -> l.startsWith("READY "), offset, Duration.ofSeconds(30)))
                .hasMessageContaining("exited with code 3");
    }
}
