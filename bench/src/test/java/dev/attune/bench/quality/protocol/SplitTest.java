package dev.attune.bench.quality.protocol;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SplitTest {

    @Test
    void shouldMapRatingsToFeedbackAtTheThresholds() {
        assertThat(Feedback.of(4.0, 4.0, 2.0)).isEqualTo(Feedback.POSITIVE);
        assertThat(Feedback.of(3.5, 4.0, 2.0)).isEqualTo(Feedback.NEUTRAL);
        assertThat(Feedback.of(2.5, 4.0, 2.0)).isEqualTo(Feedback.NEUTRAL);
        assertThat(Feedback.of(2.0, 4.0, 2.0)).isEqualTo(Feedback.NEGATIVE);
    }

    @Test
    void shouldBuildFromTheFirstEightyPercentByTimeAndTargetTheLaterPositives() {
        // Given ten events of one user out of time order, a dislike among the late ones, then a re-rating
        List<Interaction> events = new ArrayList<>();
        for (int t = 9; t >= 0; t--) {
            Feedback f = t == 8 ? Feedback.NEGATIVE : t == 3 ? Feedback.NEUTRAL : Feedback.POSITIVE;
            events.add(new Interaction("u", "i" + t, f, t * 1000L, 100 - t));
        }
        events.add(new Interaction("u", "i2", Feedback.POSITIVE, 9500L, 200)); // a re-rating of a seen item

        // When
        Split.Plan plan = new Split(0.8, 0.0, 5, 1).plan(events, Split.Stage.TEST);

        // Then the history is the first 8 of 11 by time; the later dislike and the re-rated seen item are no targets
        UserCase c = plan.cases().get(0);
        assertThat(c.history()).extracting(Interaction::itemId).containsExactly("i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7");
        assertThat(c.seen()).hasSize(8).contains("i3");
        assertThat(c.targets()).containsExactly("i9");
        assertThat(c.splitTimeMillis()).isEqualTo(7000L);
    }

    @Test
    void shouldNotEvaluateAUserWithoutTargetsButKeepTheirHistoryForTraining() {
        List<Interaction> events = List.of(
                new Interaction("a", "x", Feedback.POSITIVE, 1, 0),
                new Interaction("a", "y", Feedback.NEGATIVE, 2, 1),
                new Interaction("b", "x", Feedback.POSITIVE, 3, 2),
                new Interaction("b", "z", Feedback.POSITIVE, 4, 3));

        Split.Plan plan = new Split(0.8, 0.0, 5, 1).plan(events, Split.Stage.TEST);

        assertThat(plan.cases()).extracting(UserCase::userId).containsExactly("b");
        assertThat(plan.cases().get(0).targets()).containsExactly("z");
        assertThat(plan.training()).extracting(Interaction::itemId).containsExactly("x", "x");
    }

    @Test
    void shouldCutValidationInsideTheTrainingPartOnly() {
        // Given 25 events: TEST trains on 20; VALIDATION trains on 16 and targets events 16..19, never 20..24
        List<Interaction> events = new ArrayList<>();
        for (int t = 0; t < 25; t++) {
            events.add(new Interaction("u", "i" + t, Feedback.POSITIVE, t, t));
        }

        UserCase test = new Split(0.8, 0.0, 5, 1).plan(events, Split.Stage.TEST).cases().get(0);
        UserCase validation = new Split(0.8, 0.0, 5, 1).plan(events, Split.Stage.VALIDATION).cases().get(0);

        assertThat(test.history()).hasSize(20);
        assertThat(test.targets()).containsExactlyInAnyOrder("i20", "i21", "i22", "i23", "i24");
        assertThat(validation.history()).hasSize(16);
        assertThat(validation.targets()).containsExactlyInAnyOrder("i16", "i17", "i18", "i19");
    }

    @Test
    void shouldGiveColdStartUsersOnlyTheirFirstEventsAndTheSameUsersEveryRun() {
        List<Interaction> events = new ArrayList<>();
        for (int u = 0; u < 20; u++) {
            for (int t = 0; t < 10; t++) {
                events.add(new Interaction("u" + u, "i" + t, Feedback.POSITIVE, t, u * 100L + t));
            }
        }

        Split split = new Split(0.8, 0.25, 3, 42);
        Split.Plan plan = split.plan(events, Split.Stage.TEST);

        List<UserCase> cold = plan.cases().stream().filter(UserCase::coldStart).toList();
        assertThat(cold).hasSize(5);
        assertThat(cold).allSatisfy(c -> {
            assertThat(c.history()).hasSize(3);
            assertThat(c.targets()).hasSize(7);
        });
        Set<String> again = new Split(0.8, 0.25, 3, 42).coldStartUsers(
                Set.copyOf(events.stream().map(Interaction::userId).toList()));
        assertThat(cold).extracting(UserCase::userId).containsExactlyInAnyOrderElementsOf(again);
        assertThat(plan.cases().stream().filter(c -> !c.coldStart())).allSatisfy(c -> assertThat(c.history()).hasSize(8));
    }
}
