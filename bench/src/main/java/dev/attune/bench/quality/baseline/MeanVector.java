package dev.attune.bench.quality.baseline;

import dev.attune.bench.quality.Catalogue;
import dev.attune.bench.quality.protocol.Feedback;
import dev.attune.bench.quality.protocol.Interaction;
import dev.attune.bench.quality.protocol.UserCase;
import dev.attune.vector.Vectors;

import java.util.List;

/**
 * One mean vector of the user's liked items (no multi-interest, no decay, no negatives), ranked by cosine
 * over the whole catalogue. A user with no liked item in their history gets the mean of their neutral
 * items instead, and an empty list when there is none of either.
 */
public final class MeanVector implements Recommender {

    private final Catalogue catalogue;

    public MeanVector(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public String name() {
        return "Mean vector of liked items";
    }

    @Override
    public List<String> recommend(UserCase user, int k) {
        float[] mean = mean(user, Feedback.POSITIVE);
        if (mean == null) {
            mean = mean(user, Feedback.NEUTRAL);
        }
        if (mean == null) {
            return List.of();
        }
        double[] scores = new double[catalogue.size()];
        for (int i = 0; i < scores.length; i++) {
            float[] v = catalogue.vector(i);
            scores[i] = v == null ? Double.NaN : Vectors.dot(mean, v);
        }
        return catalogue.topK(scores, user.seen(), k);
    }

    private float[] mean(UserCase user, Feedback feedback) {
        float[] sum = null;
        for (Interaction e : user.history()) {
            float[] v = catalogue.vector(e.itemId());
            if (e.feedback() != feedback || v == null) {
                continue;
            }
            if (sum == null) {
                sum = new float[v.length];
            }
            for (int d = 0; d < v.length; d++) {
                sum[d] += v[d];
            }
        }
        return sum == null ? null : Vectors.normalizeInPlace(sum);
    }
}
