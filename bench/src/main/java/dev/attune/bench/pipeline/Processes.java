package dev.attune.bench.pipeline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the harnesses' child processes (broker, app). */
final class Processes {

    private Processes() {
    }

    /** SIGTERM, so the child closes cleanly (the broker removes its log, the app closes Kafka Streams); SIGKILL after {@code grace}. */
    static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
