package dev.attune.streams.recommend;

import dev.attune.schema.Interaction;
import dev.attune.schema.RecommendedItem;
import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.catalogue.VectorIndex;
import dev.attune.streams.model.InterestModel;
import dev.attune.streams.model.InterestState;
import dev.attune.streams.model.NegativeState;
import dev.attune.streams.model.UserState;
import dev.attune.vector.Vectors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user's top-N (DESIGN.md "Recommendations"):
 * <ol>
 *   <li>candidates from the ANN index, per interest, with a quota proportional to the interest's
 *       weight but never below a minimum, so a minor interest is not drowned by a major one;</li>
 *   <li>items the user already interacted with (including rejected ones) are filtered out;</li>
 *   <li>relevance = similarity to the candidate's nearest interest, blended with similarity to
 *       the composite, minus a penalty that grows with similarity to remembered negatives;</li>
 *   <li>maximal marginal relevance picks N items, trading relevance against similarity to the
 *       items already picked.</li>
 * </ol>
 */
public final class Recommender {

    private final RecommenderParams params;
    private final InterestModel model;
    private final Catalogue catalogue;
    private final MmrReranker mmr;

    public Recommender(RecommenderParams params, InterestModel model, Catalogue catalogue) {
        this.params = params;
        this.model = model;
        this.catalogue = catalogue;
        this.mmr = new MmrReranker(params.mmrLambda());
    }

    private static final class Candidate {
        final String itemId;
        final float[] vector;
        InterestState interest;
        double relevance;

        Candidate(String itemId, float[] vector) {
            this.itemId = itemId;
            this.vector = vector;
        }
    }

    public List<RecommendedItem> recommend(UserState user) {
        if (user.interests().isEmpty()) {
            return List.of();
        }
        double[] weights = model.weights(user, user.clock());
        float[] composite = InterestModel.composite(user, weights);
        Set<String> seen = new HashSet<>();
        for (Interaction i : user.recent()) {
            seen.add(i.getItemId());
        }
        List<Candidate> pool = retrieve(user, weights, seen);
        for (Candidate c : pool) {
            score(c, user, composite);
        }
        return diversify(pool);
    }

    private List<Candidate> retrieve(UserState user, double[] weights, Set<String> seen) {
        Map<String, Candidate> pool = new LinkedHashMap<>();
        for (int i = 0; i < weights.length; i++) {
            int quota = Math.max(params.minQuota(), (int) Math.round(params.candidatePool() * weights[i]));
            int taken = 0;
            for (VectorIndex.Hit hit : catalogue.nearest(user.interests().get(i).centroid(), quota + seen.size())) {
                if (taken == quota) {
                    break;
                }
                if (!seen.contains(hit.id())) {
                    pool.putIfAbsent(hit.id(), new Candidate(hit.id(), hit.vector()));
                    taken++;
                }
            }
        }
        return new ArrayList<>(pool.values());
    }

    private void score(Candidate c, UserState user, float[] composite) {
        float best = Float.NEGATIVE_INFINITY;
        for (InterestState interest : user.interests()) {
            float sim = Vectors.dot(c.vector, interest.centroid());
            if (sim > best) {
                best = sim;
                c.interest = interest;
            }
        }
        double blend = params.compositeBlend();
        c.relevance = (1 - blend) * best + blend * Vectors.dot(c.vector, composite) - penalty(c, user);
    }

    /** The largest penalty any negative signal puts on the candidate: zero below the floor, linear above it. */
    private double penalty(Candidate c, UserState user) {
        double worst = 0;
        double floor = params.negativeFloor();
        for (NegativeState n : user.negatives()) {
            float sim = Vectors.dot(c.vector, n.centroid());
            if (sim > floor) {
                double strength = Math.min(1.0, model.strengthAt(n, user.clock()));
                worst = Math.max(worst, params.negativePenalty() * strength * (sim - floor) / (1 - floor));
            }
        }
        return worst;
    }

    private List<RecommendedItem> diversify(List<Candidate> pool) {
        float[][] vectors = new float[pool.size()][];
        double[] relevance = new double[pool.size()];
        for (int i = 0; i < pool.size(); i++) {
            vectors[i] = pool.get(i).vector;
            relevance[i] = pool.get(i).relevance;
        }
        MmrReranker.Selection selection = mmr.select(vectors, relevance);
        List<RecommendedItem> out = new ArrayList<>(params.topN());
        int pick;
        while (out.size() < params.topN() && (pick = selection.next()) >= 0) {
            Candidate c = pool.get(pick);
            String title = catalogue.title(c.itemId);
            if (title == null) {
                continue; // deleted while we were ranking
            }
            out.add(new RecommendedItem(c.itemId, title, (float) selection.score(), c.interest.id(), c.interest.label()));
        }
        return out;
    }
}
