package dev.attune.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private final Readiness readiness = new Readiness();

    @Test
    void shouldNotBeReadyBeforeFirstRunningWithoutRestoration() {
        assertThat(readiness.ready(State.CREATED, false)).isFalse();
        assertThat(readiness.ready(State.REBALANCING, false)).isFalse();
        assertThat(readiness.ready(State.RUNNING, true)).isFalse();
    }

    @Test
    void shouldStayReadyThroughRebalanceAndRestorationOnceItHasServed() {
        // Given an instance that has been running with its state restored
        assertThat(readiness.ready(State.RUNNING, false)).isTrue();

        // Then a rebalance, and a task that moves to it and restores, keep it in rotation
        assertThat(readiness.ready(State.REBALANCING, true)).isTrue();
        assertThat(readiness.ready(State.RUNNING, true)).isTrue();
    }

    @Test
    void shouldNotBeReadyWhenShuttingDownOrFailed() {
        readiness.ready(State.RUNNING, false);

        assertThat(readiness.ready(State.PENDING_SHUTDOWN, false)).isFalse();
        assertThat(readiness.ready(State.ERROR, false)).isFalse();
        assertThat(readiness.ready(State.NOT_RUNNING, false)).isFalse();
    }
}
