package dev.attune.streams.model;

import dev.attune.schema.EventKind;
import dev.attune.schema.Evidence;
import dev.attune.schema.Interaction;
import dev.attune.vector.Vectors;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The incremental multi-interest model (DESIGN.md "The interest model"), pure and without Kafka:
 * <ul>
 *   <li><b>decomposition</b>: a positive event joins its nearest interest when the cosine is at
 *       least the assign threshold (strength-weighted mean of directions), else opens a new one;
 *       over K the closest pair merges, or, when no pair is similar enough, the weakest older
 *       interest is evicted;</li>
 *   <li><b>negative feedback</b> weakens the nearest interest and is remembered as a negative signal;</li>
 *   <li><b>decay</b>: strengths halve every half-life of event time; the user's clock only moves
 *       forward, and a late event counts as already decayed to the clock;</li>
 *   <li><b>composition</b>: weights are a softmax over log-strengths with a temperature (scale
 *       free: temperature 1 gives weights proportional to strengths), the composite is the
 *       normalised weighted sum.</li>
 * </ul>
 */
public final class InterestModel {

    private static final int MAX_FALLBACK_LABEL = 80;

    private final InterestParams params;
    private final Labeler labeler;

    public InterestModel(InterestParams params, Labeler labeler) {
        this.params = params;
        this.labeler = labeler;
    }

    public InterestParams params() {
        return params;
    }

    /** {@code strength} known at {@code from}, seen at {@code to}; never grows, whatever the order of the times. */
    public static double decay(double strength, long from, long to, long halfLifeMs) {
        if (to <= from) {
            return strength;
        }
        return strength * Math.pow(0.5, (double) (to - from) / halfLifeMs);
    }

    public double strengthAt(InterestState interest, long at) {
        return decay(interest.strength, interest.updatedAt, at, params.halfLifeMs());
    }

    public double strengthAt(NegativeState negative, long at) {
        return decay(negative.strength, negative.updatedAt, at, params.negativeHalfLifeMs());
    }

    /** Folds a positive event (a click-like event or a positive query facet) into the user's interests. */
    public void applyPositive(UserState user, float[] vector, double weight, long eventTime, Evidence evidence) {
        advanceClock(user, eventTime);
        if (weight <= 0) {
            return;
        }
        double w = decay(weight, eventTime, user.clock, params.halfLifeMs());
        InterestState nearest = nearest(user.interests, vector);
        if (nearest != null && Vectors.dot(nearest.centroid, vector) >= params.assignThreshold()) {
            absorb(nearest, vector, w, user.clock);
            addEvidence(nearest, evidence);
            relabel(nearest);
            return;
        }
        InterestState created = new InterestState(user.nextInterestId++, vector.clone(), w, null, user.clock, List.of());
        addEvidence(created, evidence);
        relabel(created);
        user.interests.add(created);
        if (user.interests.size() > params.maxInterests()) {
            consolidate(user, created);
        }
    }

    /** Folds negative feedback that is not about one item (a negative facet) into the user's state. */
    public void applyNegative(UserState user, float[] vector, double weight, long eventTime, String label) {
        applyNegative(user, vector, weight, eventTime, label, null);
    }

    /**
     * Folds negative feedback (a dislike, a skip, a negative facet) into the user's state; {@code itemId} names the
     * rejected item whose vector {@code vector} is (null for a facet), so that the signal can be stored as the id.
     */
    public void applyNegative(UserState user, float[] vector, double weight, long eventTime, String label, String itemId) {
        advanceClock(user, eventTime);
        if (weight <= 0) {
            return;
        }
        weakenNearest(user, vector, decay(weight, eventTime, user.clock, params.halfLifeMs()));
        remember(user, vector, decay(weight, eventTime, user.clock, params.negativeHalfLifeMs()), label, itemId);
    }

    /** Remembers an interaction for filtering; one entry per item (the newest), newest first, bounded. */
    public void recordInteraction(UserState user, String itemId, EventKind kind, long eventTime) {
        user.seen.add(itemId);
        if (params.recentMax() == 0) {
            return;
        }
        for (int i = 0; i < user.recent.size(); i++) {
            Interaction existing = user.recent.get(i);
            if (existing.getItemId().equals(itemId)) {
                if (existing.getEventTime().toEpochMilli() >= eventTime) {
                    return;
                }
                user.recent.remove(i);
                break;
            }
        }
        int at = 0;
        while (at < user.recent.size() && user.recent.get(at).getEventTime().toEpochMilli() >= eventTime) {
            at++;
        }
        user.recent.add(at, new Interaction(itemId, kind, Instant.ofEpochMilli(eventTime)));
        while (user.recent.size() > params.recentMax()) {
            user.recent.remove(user.recent.size() - 1);
        }
    }

    /** Interest weights at {@code at}, in the order of {@link UserState#interests()}; they sum to 1. */
    public double[] weights(UserState user, long at) {
        int n = user.interests.size();
        double[] logits = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            // In the log domain: strengths of long-idle users underflow a double when decayed to now.
            InterestState interest = user.interests.get(i);
            double elapsed = Math.max(0, at - interest.updatedAt);
            double logStrength = Math.log(Math.max(interest.strength, Double.MIN_NORMAL))
                    - elapsed / params.halfLifeMs() * Math.log(2);
            logits[i] = logStrength / params.softmaxTemperature();
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            logits[i] = Math.exp(logits[i] - max);
            sum += logits[i];
        }
        for (int i = 0; i < n; i++) {
            logits[i] /= sum;
        }
        return logits;
    }

    /** The normalised weighted sum of the interest directions; null for a user without interests. */
    public static float[] composite(UserState user, double[] weights) {
        return user.interests.isEmpty() ? null : Vectors.normalizeInPlace(compositeSum(user, weights));
    }

    /**
     * The length of the weighted sum of the interest directions before {@link #composite} normalises it (0 for a user
     * without interests): a vector's similarity to the composite is its similarities to the interests, weighted and
     * summed, over this length, without a dot product of its own.
     */
    public static float compositeLength(UserState user, double[] weights) {
        return user.interests.isEmpty() ? 0f : Vectors.norm(compositeSum(user, weights));
    }

    private static float[] compositeSum(UserState user, double[] weights) {
        float[] sum = new float[user.interests.get(0).centroid.length];
        for (int i = 0; i < weights.length; i++) {
            float[] c = user.interests.get(i).centroid;
            for (int d = 0; d < sum.length; d++) {
                sum[d] += (float) weights[i] * c[d];
            }
        }
        return sum;
    }

    private static void advanceClock(UserState user, long eventTime) {
        user.clock = Math.max(user.clock, eventTime);
    }

    private void absorb(InterestState interest, float[] vector, double weight, long clock) {
        double current = strengthAt(interest, clock);
        interest.centroid = blend(interest.centroid, current, vector, weight);
        interest.strength = current + weight;
        interest.updatedAt = clock;
    }

    private void consolidate(UserState user, InterestState created) {
        List<InterestState> all = user.interests;
        int bestA = -1;
        int bestB = -1;
        float bestSim = Float.NEGATIVE_INFINITY;
        for (int a = 0; a < all.size(); a++) {
            for (int b = a + 1; b < all.size(); b++) {
                float sim = Vectors.dot(all.get(a).centroid, all.get(b).centroid);
                if (sim > bestSim) {
                    bestSim = sim;
                    bestA = a;
                    bestB = b;
                }
            }
        }
        if (bestSim >= params.mergeMinSimilarity()) {
            merge(user, all.get(bestA), all.get(bestB));
        } else {
            // Nothing is alike enough to merge without blurring two tastes into neither: drop the weakest old one.
            all.stream().filter(i -> i != created)
                    .min(Comparator.comparingDouble(i -> strengthAt(i, user.clock)))
                    .ifPresent(all::remove);
        }
    }

    private void merge(UserState user, InterestState a, InterestState b) {
        double sa = strengthAt(a, user.clock);
        double sb = strengthAt(b, user.clock);
        InterestState keep = sa >= sb ? a : b;
        InterestState gone = keep == a ? b : a;
        keep.centroid = blend(a.centroid, sa, b.centroid, sb);
        keep.strength = sa + sb;
        keep.updatedAt = user.clock;
        for (Evidence e : gone.evidence()) {
            addEvidence(keep, e);
        }
        relabel(keep);
        user.interests.remove(gone);
    }

    private void weakenNearest(UserState user, float[] vector, double weight) {
        InterestState nearest = nearest(user.interests, vector);
        if (nearest == null) {
            return;
        }
        float sim = Vectors.dot(nearest.centroid, vector);
        if (sim < params.assignThreshold()) {
            return;
        }
        double weakened = strengthAt(nearest, user.clock) - weight * sim;
        if (weakened < params.minStrength()) {
            user.interests.remove(nearest);
        } else {
            nearest.strength = weakened;
            nearest.updatedAt = user.clock;
        }
    }

    private void remember(UserState user, float[] vector, double weight, String label, String itemId) {
        if (params.negativeMax() == 0) {
            return;
        }
        NegativeState nearest = null;
        float bestSim = Float.NEGATIVE_INFINITY;
        for (NegativeState n : user.negatives) {
            if (n.centroid == null) {
                continue; // an item this instance has no vector for: nothing to compare with
            }
            float sim = Vectors.dot(n.centroid, vector);
            if (sim > bestSim) {
                bestSim = sim;
                nearest = n;
            }
        }
        if (nearest != null && bestSim >= params.negativeMergeThreshold()) {
            double current = strengthAt(nearest, user.clock);
            nearest.centroid = blend(nearest.centroid, current, vector, weight);
            nearest.strength = current + weight;
            nearest.updatedAt = user.clock;
            if (nearest.itemId != null && !nearest.itemId.equals(itemId)) {
                nearest.itemId = null; // a blend of two events is no item's vector any more: stored as a vector
            }
            return;
        }
        user.negatives.add(new NegativeState(vector.clone(), weight, label == null ? "" : label, user.clock, itemId));
        if (user.negatives.size() > params.negativeMax()) {
            user.negatives.stream().min(Comparator.comparingDouble(n -> strengthAt(n, user.clock)))
                    .ifPresent(user.negatives::remove);
        }
    }

    private void addEvidence(InterestState interest, Evidence evidence) {
        if (evidence == null || params.evidenceMax() == 0) {
            return;
        }
        int at = 0;
        long t = evidence.getEventTime().toEpochMilli();
        List<Evidence> newestFirst = interest.evidence();
        while (at < newestFirst.size() && newestFirst.get(at).getEventTime().toEpochMilli() >= t) {
            at++;
        }
        newestFirst.add(at, evidence);
        while (newestFirst.size() > params.evidenceMax()) {
            newestFirst.remove(newestFirst.size() - 1);
        }
    }

    private void relabel(InterestState interest) {
        String label = labeler.label(interest.centroid);
        if (label == null || label.isBlank()) {
            label = interest.evidence().isEmpty() ? "interest " + interest.id : interest.evidence().get(0).getText();
            if (label.length() > MAX_FALLBACK_LABEL) {
                label = label.substring(0, MAX_FALLBACK_LABEL) + "…";
            }
        }
        interest.label = label;
    }

    private static InterestState nearest(List<InterestState> interests, float[] vector) {
        InterestState best = null;
        float bestSim = Float.NEGATIVE_INFINITY;
        for (InterestState i : interests) {
            float sim = Vectors.dot(i.centroid, vector);
            if (sim > bestSim) {
                bestSim = sim;
                best = i;
            }
        }
        return best;
    }

    /** normalise(wa * a + wb * b): the strength-weighted mean direction. */
    private static float[] blend(float[] a, double wa, float[] b, double wb) {
        float[] out = new float[a.length];
        for (int d = 0; d < a.length; d++) {
            out[d] = (float) (wa * a[d] + wb * b[d]);
        }
        float n = Vectors.norm(out);
        return n == 0f ? b.clone() : Vectors.normalizeInPlace(out);
    }
}
