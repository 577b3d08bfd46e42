package dev.attune.bench.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.bench.load.LoadEvent;
import dev.attune.schema.EventKind;
import org.junit.jupiter.api.Test;

class FreshnessTrackerTest {

    @Test
    void shouldMatchEachEventWithTheFirstListWhoseClockReachesIt() {
        // Given two clicks of one user 100 ms apart, with a 5 s throttle
        FreshnessTracker tracker = new FreshnessTracker(5_000);
        tracker.recording(true);
        tracker.sent(new LoadEvent.Click("u1", "i1", EventKind.CLICK), 1_000);
        tracker.sent(new LoadEvent.Click("u1", "i2", EventKind.DISLIKE), 1_100);

        // When a list reflecting only the first is read at 1,050, then one reflecting both at 6,200
        tracker.listRead("u1", 1_000, 1_030, 1_050);
        tracker.listRead("u1", 1_100, 6_150, 6_200);

        // Then the click took 50 ms (leading edge), the dislike 5,100 ms (throttled, not leading)
        assertThat(tracker.stats(FreshnessTracker.Type.CLICK, false).max()).isEqualTo(50);
        assertThat(tracker.stats(FreshnessTracker.Type.CLICK, true).count()).isEqualTo(1);
        assertThat(tracker.stats(FreshnessTracker.Type.DISLIKE, false).max()).isEqualTo(5_100);
        assertThat(tracker.stats(FreshnessTracker.Type.DISLIKE, true).count()).isZero();
        assertThat(tracker.split(true).max()).isEqualTo(30);
        assertThat(tracker.matched()).isEqualTo(tracker.written());
    }

    @Test
    void shouldNotCountEventsWrittenDuringWarmUp() {
        // Given an event written before recording starts
        FreshnessTracker tracker = new FreshnessTracker(1_000);
        tracker.sent(new LoadEvent.Click("u1", "i1", EventKind.CLICK), 1_000);

        // When its list arrives
        tracker.listRead("u1", 1_000, 1_010, 1_020);

        // Then nothing is measured
        assertThat(tracker.written()).isZero();
        assertThat(tracker.matched()).isZero();
    }

    @Test
    void shouldGiveTheSlowestLeadingEdgeComputationOfEachSecond() {
        // Given leading-edge clicks of three users in the recording's first and third seconds (5 s throttle)
        FreshnessTracker tracker = new FreshnessTracker(5_000);
        tracker.recording(true);
        tracker.sent(new LoadEvent.Click("u1", "i1", EventKind.CLICK), 10_000);
        tracker.sent(new LoadEvent.Click("u2", "i1", EventKind.CLICK), 10_400);
        tracker.sent(new LoadEvent.Click("u3", "i1", EventKind.CLICK), 12_300);

        // When their lists are computed 40, 90 and 700 ms after
        tracker.listRead("u1", 10_000, 10_040, 10_060);
        tracker.listRead("u2", 10_400, 10_490, 10_500);
        tracker.listRead("u3", 12_300, 13_000, 13_020);

        // Then each second with events shows its slowest, in order
        assertThat(tracker.worstBySecond()).isEqualTo("90 700");
        tracker.reset();
        assertThat(tracker.worstBySecond()).isEmpty();
    }
}
