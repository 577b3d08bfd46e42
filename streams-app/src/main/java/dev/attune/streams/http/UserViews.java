package dev.attune.streams.http;

import dev.attune.schema.Evidence;
import dev.attune.schema.ItemVector;
import dev.attune.schema.Recommendations;
import dev.attune.schema.RecommendedItem;
import dev.attune.schema.UserInterests;
import dev.attune.streams.http.Views.CompositeView;
import dev.attune.streams.http.Views.EvidenceView;
import dev.attune.streams.http.Views.InteractionView;
import dev.attune.streams.http.Views.InterestView;
import dev.attune.streams.http.Views.InterestsBody;
import dev.attune.streams.http.Views.MapBody;
import dev.attune.streams.http.Views.MapPoint;
import dev.attune.streams.http.Views.NegativeView;
import dev.attune.streams.http.Views.RecommendationsBody;
import dev.attune.streams.http.Views.RecommendedItemView;
import dev.attune.streams.model.InterestModel;
import dev.attune.streams.model.InterestState;
import dev.attune.streams.model.ItemLookup;
import dev.attune.streams.model.UserState;
import dev.attune.streams.model.UserStateCodec;
import dev.attune.streams.query.ItemCatalogue;
import dev.attune.streams.query.Projection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Turns stored state into the API's views: weights as of a moment, the composite, the 2-D map. Decay,
 * weights and composite are the interest model's own ({@link InterestModel}), so the API shows what
 * the recommender uses.
 */
public final class UserViews {

    private final InterestModel model;
    private final ItemCatalogue catalogue;
    /** Views only name item negatives (by title); they never score against their vectors. */
    private final ItemLookup titles;

    public UserViews(InterestModel model, ItemCatalogue catalogue) {
        this.model = model;
        this.catalogue = catalogue;
        this.titles = new ItemLookup() {
            @Override
            public float[] vector(String itemId) {
                return null;
            }

            @Override
            public String title(String itemId) {
                try {
                    return catalogue.find(itemId).map(ItemVector::getTitle).orElse(null);
                } catch (InvalidStateStoreException e) {
                    return null; // catalogue still restoring: the user's own state is served, items named by id
                }
            }
        };
    }

    /** Decay runs in event time and never backwards: "as of" is never earlier than the state's clock. */
    public static Instant asOf(UserInterests state, Instant requested) {
        return requested.isBefore(state.getClock()) ? state.getClock() : requested;
    }

    public InterestsBody interests(UserInterests stored, Instant requested, String servedBy, boolean stale) {
        Instant asOf = asOf(stored, requested);
        long at = asOf.toEpochMilli();
        UserState user = UserStateCodec.decode(stored, titles);
        double[] w = model.weights(user, at);
        List<InterestView> views = new ArrayList<>();
        for (int i = 0; i < user.interests().size(); i++) {
            InterestState interest = user.interests().get(i);
            views.add(new InterestView(interest.id(), interest.label(), w[i], model.strengthAt(interest, at),
                    interest.strength(), Instant.ofEpochMilli(interest.updatedAt()).toString(),
                    interest.evidence().stream().map(UserViews::evidence).toList()));
        }
        views.sort(Comparator.comparingDouble(InterestView::weight).reversed());
        float[] composite = InterestModel.composite(user, w);
        List<NegativeView> negatives = user.negatives().stream()
                .map(n -> new NegativeView(n.label(), model.strengthAt(n, at), Instant.ofEpochMilli(n.updatedAt()).toString()))
                .toList();
        List<InteractionView> recent = stored.getRecent().stream()
                .map(r -> new InteractionView(r.getItemId(), r.getKind().name(), r.getEventTime().toString()))
                .toList();
        return new InterestsBody(stored.getUserId(), stored.getModel(), stored.getClock().toString(), asOf.toString(),
                servedBy, stale, views, composite == null ? null : new CompositeView(composite.length, composite),
                negatives, recent);
    }

    public static RecommendationsBody recommendations(Recommendations list, int limit, String servedBy, boolean stale) {
        List<RecommendedItemView> items = list.getItems().stream().limit(limit).map(UserViews::item).toList();
        return new RecommendationsBody(list.getUserId(), list.getComputedAt().toString(), list.getAsOfEventTime().toString(),
                list.getModel(), servedBy, stale, items);
    }

    /**
     * Interests, recommended items (those whose vector is in the catalogue) and the composite projected onto
     * their first two principal components.
     */
    public MapBody map(UserInterests stored, Recommendations list, Instant requested, String servedBy, boolean stale) {
        Instant asOf = asOf(stored, requested);
        UserState user = UserStateCodec.decode(stored, titles);
        double[] w = model.weights(user, asOf.toEpochMilli());
        List<float[]> vectors = new ArrayList<>();
        List<MapPoint> points = new ArrayList<>();
        for (int i = 0; i < user.interests().size(); i++) {
            InterestState interest = user.interests().get(i);
            vectors.add(interest.centroid());
            points.add(new MapPoint("interest", String.valueOf(interest.id()), interest.label(), 0, 0, w[i], interest.id()));
        }
        if (list != null) {
            for (RecommendedItem item : list.getItems()) {
                Optional<ItemVector> known = catalogue.find(item.getItemId());
                if (known.isPresent() && known.get().getVector() != null) {
                    vectors.add(toArray(known.get().getVector().getValues()));
                    points.add(new MapPoint("item", item.getItemId(), item.getTitle(), 0, 0, (double) item.getScore(),
                            item.getInterestId()));
                }
            }
        }
        float[] composite = InterestModel.composite(user, w);
        if (composite != null) {
            vectors.add(composite);
            points.add(new MapPoint("composite", "composite", "composite", 0, 0, null, null));
        }
        return new MapBody(stored.getUserId(), asOf.toString(), servedBy, stale, place(points, sameDimension(vectors)));
    }

    private static List<float[]> sameDimension(List<float[]> vectors) {
        // An item embedded by another model cannot share a plane with the interests; the catalogue should not hold
        // one, but a wrong map must not become a 500.
        int dimension = vectors.isEmpty() ? 0 : vectors.get(0).length;
        return vectors.stream().map(v -> v.length == dimension ? v : new float[dimension]).toList();
    }

    private static List<MapPoint> place(List<MapPoint> points, List<float[]> vectors) {
        double[][] xy = Projection.toPlane(vectors);
        List<MapPoint> placed = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            MapPoint p = points.get(i);
            placed.add(new MapPoint(p.kind(), p.id(), p.label(), xy[i][0], xy[i][1], p.weight(), p.interestId()));
        }
        return placed;
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static EvidenceView evidence(Evidence e) {
        return new EvidenceView(e.getSource().name(), e.getKind() == null ? null : e.getKind().name(), e.getItemId(),
                e.getText(), Objects.toString(e.getPolarity(), null), e.getEventTime().toString());
    }

    private static RecommendedItemView item(RecommendedItem item) {
        return new RecommendedItemView(item.getItemId(), item.getTitle(), item.getScore(), item.getInterestId(),
                item.getInterestLabel());
    }
}
