package dev.attune.streams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attune.schema.EventKind;
import dev.attune.schema.Evidence;
import dev.attune.schema.EvidenceSource;
import dev.attune.schema.Polarity;
import dev.attune.streams.testing.VectorSpace;
import dev.attune.vector.Vectors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterestModelTest {

    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final VectorSpace space = new VectorSpace(7);
    private final InterestParams defaults = InterestParams.defaults();
    private final InterestModel model = new InterestModel(defaults, Labeler.NONE);

    private static Evidence evidence(String text, long t) {
        return new Evidence(EvidenceSource.ITEM_EVENT, EventKind.CLICK, text, text, Polarity.POSITIVE, Instant.ofEpochMilli(t));
    }

    private static InterestParams withK(InterestParams p, int k) {
        return new InterestParams(k, p.assignThreshold(), p.mergeMinSimilarity(), p.halfLifeMs(), p.softmaxTemperature(),
                p.minStrength(), p.evidenceMax(), p.recentMax(), p.negativeMax(), p.negativeMergeThreshold(),
                p.negativeHalfLifeMs(), p.centroidBits(), p.seenFilterVersion());
    }

    @Test
    void shouldOpenANewInterestWhenAnEventIsFarFromEveryInterest() {
        UserState user = UserState.empty("u");
        model.applyPositive(user, space.mix(0.3, "scifi", 1), 1.0, T0, evidence("a", T0));
        model.applyPositive(user, space.mix(0.3, "comedy", 1), 1.0, T0 + 1, evidence("b", T0 + 1));

        assertThat(user.interests()).hasSize(2);
        assertThat(user.interests()).extracting(InterestState::id).containsExactly(0, 1);
    }

    @Test
    void shouldMoveTheNearestInterestTowardASimilarEventAndAddItsWeight() {
        UserState user = UserState.empty("u");
        float[] first = space.mix(0.6, "scifi", 1);
        float[] second = space.mix(0.6, "scifi", 1);
        model.applyPositive(user, first, 1.0, T0, evidence("a", T0));
        float before = Vectors.dot(user.interests().get(0).centroid(), second);

        model.applyPositive(user, second, 3.0, T0, evidence("b", T0));

        InterestState only = user.interests().get(0);
        assertThat(user.interests()).hasSize(1);
        assertThat(Vectors.dot(only.centroid(), second)).isGreaterThan(before);
        assertThat(only.strength()).isCloseTo(4.0, within(1e-9));
        assertThat(Vectors.norm(only.centroid())).isCloseTo(1f, within(1e-4f));
        assertThat(only.evidence()).extracting(Evidence::getText).containsExactly("a", "b").hasSize(2);
    }

    @Test
    void shouldHalveAnInterestsStrengthAfterOneHalfLife() {
        UserState user = UserState.empty("u");
        model.applyPositive(user, space.mix(0.3, "scifi", 1), 2.0, T0, evidence("a", T0));

        double later = model.strengthAt(user.interests().get(0), T0 + defaults.halfLifeMs());

        assertThat(later).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void shouldNeverRunTimeBackwardsWhenALateEventArrives() {
        UserState user = UserState.empty("u");
        float[] v = space.mix(0.3, "scifi", 1);
        model.applyPositive(user, v, 1.0, T0 + 7 * DAY, evidence("new", T0 + 7 * DAY));

        model.applyPositive(user, v, 1.0, T0, evidence("late", T0));

        assertThat(user.clock()).isEqualTo(T0 + 7 * DAY);
        // the late event counts as already decayed by the week it is late: 1 + 0.5
        assertThat(user.interests().get(0).strength()).isCloseTo(1.5, within(1e-9));
        assertThat(user.interests().get(0).updatedAt()).isEqualTo(T0 + 7 * DAY);
    }

    @Test
    void shouldMergeTheClosestPairWhenTheKPlusFirstInterestArrives() {
        InterestModel small = new InterestModel(withK(defaults, 3), Labeler.NONE);
        UserState user = UserState.empty("u");
        // two related tastes (cosine ~0.45: below the assign threshold, above the merge minimum) and two unrelated ones
        small.applyPositive(user, space.mix(0.1, "scifi", 1, "space", 1.1), 1.0, T0, evidence("space opera", T0));
        small.applyPositive(user, space.mix(0.1, "scifi", 1, "robots", 1.1), 2.0, T0, evidence("robots", T0));
        small.applyPositive(user, space.mix(0.1, "comedy", 1), 1.0, T0, evidence("comedy", T0));
        assertThat(user.interests()).hasSize(3);

        small.applyPositive(user, space.mix(0.1, "horror", 1), 1.0, T0, evidence("horror", T0));

        assertThat(user.interests()).hasSize(3);
        InterestState merged = user.interests().stream().filter(i -> i.id() == 1).findFirst().orElseThrow();
        assertThat(merged.strength()).isCloseTo(3.0, within(1e-9));
        assertThat(Vectors.dot(merged.centroid(), space.direction("scifi"))).isGreaterThan(0.7f);
        assertThat(user.interests()).extracting(InterestState::id).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void shouldEvictTheWeakestOlderInterestWhenNoPairIsAlikeEnoughToMerge() {
        InterestModel small = new InterestModel(withK(defaults, 2), Labeler.NONE);
        UserState user = UserState.empty("u");
        small.applyPositive(user, space.mix(0.1, "scifi", 1), 3.0, T0, evidence("scifi", T0));
        small.applyPositive(user, space.mix(0.1, "comedy", 1), 1.0, T0, evidence("comedy", T0));

        small.applyPositive(user, space.mix(0.1, "horror", 1), 0.5, T0, evidence("horror", T0));

        assertThat(user.interests()).extracting(InterestState::label).containsExactlyInAnyOrder("scifi", "horror");
    }

    @Test
    void shouldWeakenTheNearestInterestOnADislikeAndRememberIt() {
        UserState user = UserState.empty("u");
        model.applyPositive(user, space.mix(0.3, "scifi", 1), 4.0, T0, evidence("a", T0));
        model.applyPositive(user, space.mix(0.3, "comedy", 1), 4.0, T0, evidence("b", T0));

        model.applyNegative(user, space.mix(0.3, "scifi", 1), 2.0, T0, "bad scifi");

        assertThat(user.interests().get(0).strength()).isLessThan(4.0);
        assertThat(user.interests().get(1).strength()).isEqualTo(4.0);
        assertThat(user.negatives()).hasSize(1);
        assertThat(user.negatives().get(0).label()).isEqualTo("bad scifi");
    }

    @Test
    void shouldDropAnInterestThatNegativeFeedbackWeakensBelowTheMinimum() {
        UserState user = UserState.empty("u");
        float[] v = space.mix(0.2, "scifi", 1);
        model.applyPositive(user, v, 0.5, T0, evidence("a", T0));

        model.applyNegative(user, v, 2.0, T0, "no");

        assertThat(user.interests()).isEmpty();
    }

    @Test
    void shouldReinforceASimilarNegativeSignalInsteadOfAddingOne() {
        UserState user = UserState.empty("u");
        float[] v = space.mix(0.1, "horror", 1);
        model.applyNegative(user, v, 1.0, T0, "gore");
        model.applyNegative(user, v, 1.0, T0, "gore again");
        model.applyNegative(user, space.mix(0.1, "musical", 1), 1.0, T0, "musicals");

        assertThat(user.negatives()).hasSize(2);
        assertThat(user.negatives().get(0).strength()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void shouldRememberADislikedItemByItsIdAndAFacetWithout() {
        UserState user = UserState.empty("u");

        model.applyNegative(user, space.mix(0.1, "horror", 1), 1.0, T0, "Gore Movie", "item-7");
        model.applyNegative(user, space.mix(0.1, "musical", 1), 1.0, T0, "no musicals");

        assertThat(user.negatives()).extracting(NegativeState::itemId).containsExactly("item-7", null);
        assertThat(user.negatives()).extracting(NegativeState::label).containsExactly("Gore Movie", "no musicals");
    }

    @Test
    void shouldKeepAnItemSignalAnItemWhenTheSameItemIsDislikedAgain() {
        UserState user = UserState.empty("u");
        float[] v = space.mix(0.1, "horror", 1);

        model.applyNegative(user, v, 1.0, T0, "Gore Movie", "item-7");
        model.applyNegative(user, v, 1.0, T0 + 1, "Gore Movie", "item-7");

        assertThat(user.negatives()).singleElement().satisfies(n -> {
            assertThat(n.itemId()).isEqualTo("item-7");
            assertThat(n.strength()).isCloseTo(2.0, within(1e-6));
        });
    }

    @Test
    void shouldTurnAnItemSignalIntoAVectorSignalWhenAnotherEventBlendsIntoIt() {
        UserState user = UserState.empty("u");
        float[] gore = space.mix(0.1, "horror", 1);
        float[] moreGore = space.mix(0.1, "horror", 1);
        assertThat(Vectors.dot(gore, moreGore)).isGreaterThanOrEqualTo((float) defaults.negativeMergeThreshold());

        model.applyNegative(user, gore, 1.0, T0, "Gore Movie", "item-7");
        model.applyNegative(user, moreGore, 1.0, T0, "Gore Movie 2", "item-8");

        NegativeState merged = user.negatives().get(0);
        assertThat(user.negatives()).hasSize(1);
        assertThat(merged.itemId()).isNull(); // its direction is a blend now, no item's vector
        assertThat(Vectors.dot(merged.centroid(), gore)).isLessThan(0.9999f);
        assertThat(merged.label()).isEqualTo("Gore Movie");
    }

    @Test
    void shouldSkipAnItemSignalWithoutAVectorWhenLookingForTheNearestNegative() {
        float[] v = space.mix(0.1, "horror", 1);
        UserState user = new UserState("u", T0, 0, java.util.List.of(), java.util.List.of(
                new NegativeState(null, 1.0, "gone-item", T0, "gone-item")), java.util.List.of());

        model.applyNegative(user, v, 1.0, T0, "no gore");

        assertThat(user.negatives()).extracting(NegativeState::label).containsExactly("gone-item", "no gore");
    }

    @Test
    void shouldWeighInterestsInProportionToStrengthAtTemperatureOneAndSharperBelow() {
        UserState user = UserState.empty("u");
        model.applyPositive(user, space.mix(0.1, "scifi", 1), 3.0, T0, evidence("a", T0));
        model.applyPositive(user, space.mix(0.1, "comedy", 1), 1.0, T0, evidence("b", T0));

        double[] proportional = model.weights(user, T0);
        InterestParams cold = new InterestParams(8, 0.5, 0.25, defaults.halfLifeMs(), 0.5, 0.05, 3, 100, 16, 0.8,
                defaults.negativeHalfLifeMs(), 8, 2);
        double[] sharper = new InterestModel(cold, Labeler.NONE).weights(user, T0);

        assertThat(proportional[0]).isCloseTo(0.75, within(1e-9));
        assertThat(proportional[1]).isCloseTo(0.25, within(1e-9));
        assertThat(sharper[0]).isCloseTo(0.9, within(1e-9));
    }

    @Test
    void shouldComposeANormalisedWeightedSumOfInterests() {
        UserState user = UserState.empty("u");
        model.applyPositive(user, space.mix(0.0, "scifi", 1), 3.0, T0, evidence("a", T0));
        model.applyPositive(user, space.mix(0.0, "comedy", 1), 1.0, T0, evidence("b", T0));

        float[] composite = InterestModel.composite(user, model.weights(user, T0));

        assertThat(Vectors.norm(composite)).isCloseTo(1f, within(1e-4f));
        assertThat(Vectors.dot(composite, space.direction("scifi")))
                .isGreaterThan(Vectors.dot(composite, space.direction("comedy")));
    }

    @Test
    void shouldGiveAVectorsSimilarityToTheCompositeFromItsSimilaritiesToTheInterests() {
        // Given a user with three interests of different weights
        UserState user = UserState.empty("u");
        model.applyPositive(user, space.mix(0.0, "scifi", 1), 3.0, T0, evidence("a", T0));
        model.applyPositive(user, space.mix(0.0, "comedy", 1), 1.0, T0, evidence("b", T0));
        model.applyPositive(user, space.mix(0.0, "horror", 1), 2.0, T0, evidence("c", T0));
        double[] weights = model.weights(user, T0);
        assertThat(user.interests()).hasSize(3);

        // Then for any vector, the interests' similarities weighted, summed and divided by the composite's length
        // are its similarity to the composite (what the recommender scores with, one dot product fewer)
        float length = InterestModel.compositeLength(user, weights);
        float[] composite = InterestModel.composite(user, weights);
        for (String genre : List.of("scifi", "drama", "comedy")) {
            float[] v = space.mix(0.5, genre, 1);
            double weighted = 0;
            for (int i = 0; i < weights.length; i++) {
                weighted += (float) weights[i] * Vectors.dot(v, user.interests().get(i).centroid());
            }
            assertThat(weighted / length).as(genre).isCloseTo(Vectors.dot(v, composite), within(1e-5));
        }
        assertThat(InterestModel.compositeLength(UserState.empty("v"), new double[0])).isZero();
    }

    @Test
    void shouldKeepOneRecentEntryPerItemNewestFirst() {
        UserState user = UserState.empty("u");
        model.recordInteraction(user, "a", EventKind.CLICK, T0);
        model.recordInteraction(user, "b", EventKind.CLICK, T0 + 2);
        model.recordInteraction(user, "a", EventKind.DISLIKE, T0 + 3);
        model.recordInteraction(user, "c", EventKind.VIEW, T0 + 1);

        assertThat(user.recent()).extracting(i -> i.getItemId()).containsExactly("a", "b", "c");
        assertThat(user.recent().get(0).getKind()).isEqualTo(EventKind.DISLIKE);
    }

    @Test
    void shouldLabelWithTheLabelerAndFallBackToTheNewestEvidence() {
        UserState user = UserState.empty("u");
        InterestModel labelled = new InterestModel(defaults, c -> Vectors.dot(c, space.direction("scifi")) > 0.5 ? "Sci-Fi" : null);
        labelled.applyPositive(user, space.mix(0.2, "scifi", 1), 1.0, T0, evidence("Alien", T0));
        labelled.applyPositive(user, space.mix(0.2, "comedy", 1), 1.0, T0, evidence("Airplane!", T0));

        assertThat(user.interests()).extracting(InterestState::label).containsExactly("Sci-Fi", "Airplane!");
    }
}
