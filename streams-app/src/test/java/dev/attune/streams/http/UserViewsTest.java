package dev.attune.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attune.schema.EventKind;
import dev.attune.schema.Evidence;
import dev.attune.schema.EvidenceSource;
import dev.attune.schema.Interest;
import dev.attune.schema.ItemNegativeSignal;
import dev.attune.schema.ItemVector;
import dev.attune.schema.Recommendations;
import dev.attune.schema.RecommendedItem;
import dev.attune.schema.UserInterests;
import dev.attune.schema.Vector;
import dev.attune.streams.http.Views.InterestsBody;
import dev.attune.streams.http.Views.MapBody;
import dev.attune.streams.http.Views.MapPoint;
import dev.attune.streams.model.InterestModel;
import dev.attune.streams.model.InterestParams;
import dev.attune.streams.model.Labeler;
import dev.attune.streams.model.Quantizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserViewsTest {

    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final Duration HALF_LIFE = Duration.ofMillis(InterestParams.defaults().halfLifeMs());
    private static final Instant CLOCK = T0.plus(HALF_LIFE);

    private final UserViews views = new UserViews(new InterestModel(InterestParams.defaults(), Labeler.NONE),
            id -> id.equals("known") ? Optional.of(item("known", new float[] {0.6f, 0.8f, 0, 0})) : Optional.empty());

    /** Interest 1: strength 2 one half-life before the clock, along x; interest 2: strength 1 at the clock, along y. */
    private static UserInterests state() {
        Evidence evidence = Evidence.newBuilder().setSource(EvidenceSource.ITEM_EVENT).setKind(EventKind.CLICK)
                .setItemId("i1").setText("Alien (1979)").setEventTime(T0).build();
        return UserInterests.newBuilder()
                .setUserId("u1").setModel("m").setClock(CLOCK)
                .setInterests(List.of(
                        interest(1, new float[] {1, 0, 0, 0}, 2.0, T0, List.of(evidence)),
                        interest(2, new float[] {0, 1, 0, 0}, 1.0, CLOCK, List.of())))
                .build();
    }

    @Test
    void shouldWeighInterestsByStrengthDecayedToTheSameMoment() {
        // When viewed at the clock, the older interest has decayed from 2 to 1: both weigh the same
        InterestsBody body = views.interests(state(), CLOCK, "h:1", false);

        assertThat(body.interests()).extracting(Views.InterestView::weight)
                .allSatisfy(w -> assertThat(w).isCloseTo(0.5, within(1e-9)));
        assertThat(body.interests().stream().filter(i -> i.id() == 1).findFirst().orElseThrow().strength())
                .isCloseTo(1.0, within(1e-9));
        assertThat(body.interests().get(0).storedStrength() + body.interests().get(1).storedStrength()).isEqualTo(3.0);
    }

    @Test
    void shouldNeverComputeWeightsAsOfAMomentBeforeTheUsersClock() {
        InterestsBody body = views.interests(state(), T0.minusSeconds(3600), "h:1", false);

        assertThat(body.asOf()).isEqualTo(CLOCK.toString());
    }

    @Test
    void shouldSortByWeightAndComposeTheWeightedDirection() {
        // Given interest 2 twice as strong as interest 1 once decayed (and a later "now" changes no ratio)
        UserInterests state = state();
        state.getInterests().get(1).setStrength(2.0);

        InterestsBody body = views.interests(state, CLOCK.plus(HALF_LIFE), "h:1", true);

        assertThat(body.interests()).extracting(Views.InterestView::id).containsExactly(2, 1);
        assertThat(body.interests().get(0).weight()).isCloseTo(2.0 / 3, within(1e-9));
        float[] composite = body.composite().values();
        assertThat((double) composite[1] / composite[0]).isCloseTo(2.0, within(0.05));
        assertThat(body.stale()).isTrue();
        assertThat(body.interests().get(1).evidence()).singleElement()
                .satisfies(e -> assertThat(e.text()).isEqualTo("Alien (1979)"));
    }

    @Test
    void shouldMapInterestsKnownItemsAndTheCompositeAndSkipItemsWithoutAVector() {
        Recommendations list = Recommendations.newBuilder().setUserId("u1").setComputedAt(CLOCK).setAsOfEventTime(CLOCK)
                .setModel("m").setItems(List.of(new RecommendedItem("known", "Known", 0.9f, 1, "x"),
                        new RecommendedItem("unknown", "Unknown", 0.8f, 2, "y")))
                .build();

        MapBody map = views.map(state(), list, CLOCK, "h:1", false);

        assertThat(map.points()).extracting(MapPoint::kind).containsExactly("interest", "interest", "item", "composite");
        assertThat(map.points()).filteredOn(p -> p.kind().equals("item")).singleElement()
                .satisfies(p -> assertThat(p.interestId()).isEqualTo(1));
    }

    @Test
    void shouldNameANegativeStoredByItemIdByTheItemsTitleOrItsIdWhenTheCatalogueLacksIt() {
        UserInterests state = state();
        state.setItemNegatives(List.of(new ItemNegativeSignal("known", 1.0, CLOCK),
                new ItemNegativeSignal("unknown", 1.0, CLOCK)));

        InterestsBody body = views.interests(state, CLOCK, "h:1", false);

        assertThat(body.negatives()).extracting(Views.NegativeView::label).containsExactly("Known movie", "unknown");
        assertThat(body.negatives()).extracting(Views.NegativeView::strength).containsExactly(1.0, 1.0);
    }

    @Test
    void shouldNameItemNegativesAndItemEvidenceByIdWhileTheCatalogueIsNotQueryable() {
        UserViews restoring = new UserViews(new InterestModel(InterestParams.defaults(), Labeler.NONE), id -> {
            throw new org.apache.kafka.streams.errors.InvalidStateStoreException("restoring");
        });
        UserInterests state = state();
        state.setItemNegatives(List.of(new ItemNegativeSignal("known", 1.0, CLOCK)));
        state.getInterests().get(0).setEvidence(List.of(Evidence.newBuilder().setSource(EvidenceSource.ITEM_EVENT)
                .setKind(EventKind.CLICK).setItemId("i1").setText("").setEventTime(T0).build()));

        InterestsBody body = restoring.interests(state, CLOCK, "h:1", false);

        assertThat(body.negatives()).extracting(Views.NegativeView::label).containsExactly("known");
        assertThat(body.interests()).flatExtracting(Views.InterestView::evidence).extracting(Views.EvidenceView::text)
                .containsExactly("i1");
    }

    private static Interest interest(int id, float[] direction, double strength, Instant updatedAt, List<Evidence> evidence) {
        return Interest.newBuilder().setId(id).setCentroid(Quantizer.encode(direction)).setStrength(strength)
                .setLabel("interest " + id).setUpdatedAt(updatedAt).setEvidence(evidence).build();
    }

    private static ItemVector item(String id, float[] values) {
        List<Float> list = new ArrayList<>();
        for (float v : values) {
            list.add(v);
        }
        return ItemVector.newBuilder().setItemId(id).setTitle(id.equals("known") ? "Known movie" : id).setVector(new Vector("m", values.length, list))
                .setSourceUpdatedAt(T0).setEmbeddedAt(T0).build();
    }
}
