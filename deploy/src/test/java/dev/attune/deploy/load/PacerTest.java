package dev.attune.deploy.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

    private final List<Long> pauses = new ArrayList<>();

    @Test
    void shouldNeverWaitAtMaximumSpeed() throws InterruptedException {
        Pacer pacer = new Pacer(0, 1000, pauses::add);

        pacer.awaitTurn(0);
        pacer.awaitTurn(86_400_000);

        assertThat(pauses).isEmpty();
    }

    @Test
    void shouldScaleEventTimeGapsByTheFactor() throws InterruptedException {
        Pacer pacer = new Pacer(3600, 10_000, pauses::add);

        pacer.awaitTurn(0);
        pacer.awaitTurn(3_600_000);   // one hour later: one second
        pacer.awaitTurn(5_400_000);   // half an hour later: half a second

        assertThat(pauses).containsExactly(1000L, 500L);
    }

    @Test
    void shouldCapLongGapsAtTheMaximumPause() throws InterruptedException {
        Pacer pacer = new Pacer(3600, 2000, pauses::add);

        pacer.awaitTurn(0);
        pacer.awaitTurn(365L * 86_400_000);

        assertThat(pauses).containsExactly(2000L);
    }

    @Test
    void shouldAddUpSubMillisecondGapsInsteadOfDroppingThem() throws InterruptedException {
        Pacer pacer = new Pacer(10_000, 1000, pauses::add);

        for (int i = 0; i <= 100; i++) {
            pacer.awaitTurn(i * 1000L);   // 0.1 ms of wall time each, 10 ms in all
        }

        // Floating point may leave the last fraction owed.
        assertThat(pauses.stream().mapToLong(Long::longValue).sum()).isBetween(9L, 10L);
        assertThat(pauses).allMatch(pause -> pause == 1L);
    }

    @Test
    void shouldNotWaitForAnEventThatIsOlderThanThePrevious() throws InterruptedException {
        Pacer pacer = new Pacer(1, 5000, pauses::add);

        pacer.awaitTurn(10_000);
        pacer.awaitTurn(5_000);
        pacer.awaitTurn(11_000);

        assertThat(pauses).containsExactly(1000L);
    }
}
