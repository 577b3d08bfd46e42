package dev.attune.bench.quality;

import dev.attune.bench.quality.baseline.Recommender;
import dev.attune.bench.quality.engine.EngineReplay;
import dev.attune.bench.quality.protocol.Feedback;
import dev.attune.bench.quality.protocol.Interaction;
import dev.attune.bench.quality.protocol.UserCase;
import dev.attune.schema.UserInterests;
import dev.attune.streams.model.InterestModel;
import dev.attune.streams.model.InterestParams;
import dev.attune.streams.model.InterestState;
import dev.attune.streams.model.UserState;
import dev.attune.streams.model.UserStateCodec;
import dev.attune.vector.Vectors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PROTOTYPE of a proposed engine change, not the engine: the engine's own interest state (read from its
 * {@code user-interests} store at the user's split time, weights from its own {@link InterestModel}) scored
 * like the engine scores (similarity to the nearest interest blended with the composite), plus
 * {@code beta * log(1 + n(i)) / log(1 + max n)} where n(i) counts the positive events on item i so far.
 * Candidates are the whole catalogue (the proposal: ANN candidates per interest plus the currently most
 * popular items). No MMR and no negative penalty: it measures what a popularity prior is worth.
 *
 * <p>One instance per beta; instances of one family share the popularity counts and the per-user relevance.
 */
public final class PopularityBlend implements Recommender {

    private final Family family;
    private final double beta;
    private final boolean counts;

    private PopularityBlend(Family family, double beta, boolean counts) {
        this.family = family;
        this.beta = beta;
        this.counts = counts;
    }

    /**
     * One recommender per beta over the engine's state; only the first counts events (they share counts).
     * {@code engine} must be in the same sweep, before these: it is what feeds the events to the engine.
     */
    public static List<Recommender> family(EngineRecommender engine, Catalogue catalogue, double compositeBlend,
                                           InterestParams params, List<Double> betas) {
        Family family = new Family(engine.replay(), catalogue, compositeBlend, new InterestModel(params, c -> ""));
        List<Recommender> out = new ArrayList<>();
        for (int i = 0; i < betas.size(); i++) {
            out.add(new PopularityBlend(family, betas.get(i), i == 0));
        }
        return out;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "Prototype: Attune interests + popularity (beta=%.2f)", beta);
    }

    @Override
    public void observe(Interaction event) {
        if (counts) {
            family.observe(event);
        }
    }

    @Override
    public List<String> recommend(UserCase user, int k) {
        double[] relevance = family.relevance(user.userId());
        if (relevance == null) {
            return List.of();
        }
        double logMax = Math.log1p(family.maxCount);
        double[] scores = new double[relevance.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = relevance[i] + (logMax > 0 ? beta * Math.log1p(family.counts[i]) / logMax : 0);
        }
        return family.catalogue.topK(scores, user.seen(), k);
    }

    private static final class Family {
        final EngineReplay engine;
        final Catalogue catalogue;
        final double compositeBlend;
        final InterestModel model;
        final double[] counts;
        double maxCount;
        final Map<String, double[]> relevanceByUser = new HashMap<>();

        Family(EngineReplay engine, Catalogue catalogue, double compositeBlend, InterestModel model) {
            this.engine = engine;
            this.catalogue = catalogue;
            this.compositeBlend = compositeBlend;
            this.model = model;
            this.counts = new double[catalogue.size()];
        }

        void observe(Interaction event) {
            int i = catalogue.indexOf(event.itemId());
            if (i >= 0 && event.feedback() == Feedback.POSITIVE) {
                maxCount = Math.max(maxCount, ++counts[i]);
            }
        }

        /** The engine-style relevance of every item for the user, computed once per user (null: no interests). */
        double[] relevance(String userId) {
            if (relevanceByUser.containsKey(userId)) {
                return relevanceByUser.get(userId);
            }
            engine.latestList(userId); // the same refresh point as the engine row; state is current anyway
            UserInterests stored = engine.interests(userId);
            double[] out = null;
            if (stored != null && !stored.getInterests().isEmpty()) {
                UserState state = UserStateCodec.decode(stored);
                float[] composite = InterestModel.composite(state, model.weights(state, state.clock()));
                out = new double[catalogue.size()];
                for (int i = 0; i < out.length; i++) {
                    float[] v = catalogue.vector(i);
                    float best = Float.NEGATIVE_INFINITY;
                    for (InterestState interest : state.interests()) {
                        best = Math.max(best, Vectors.dot(v, interest.centroid()));
                    }
                    out[i] = (1 - compositeBlend) * best + compositeBlend * Vectors.dot(v, composite);
                }
            }
            relevanceByUser.put(userId, out);
            return out;
        }
    }
}
