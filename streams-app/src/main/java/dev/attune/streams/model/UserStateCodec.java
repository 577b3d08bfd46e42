package dev.attune.streams.model;

import dev.attune.schema.Interest;
import dev.attune.schema.NegativeSignal;
import dev.attune.schema.UserInterests;
import java.util.ArrayList;
import java.util.List;

/** Between the stored, quantised {@link UserInterests} and the float {@link UserState} the model updates. */
public final class UserStateCodec {

    /**
     * Negative signals are stored at 4 bits a component (half of an interest centroid): they only gate a
     * penalty above a similarity floor, where a cosine error around 0.01 changes nothing, and they were
     * the largest share of a heavy user's state. States written with 8-bit negatives still decode.
     */
    static final int NEGATIVE_BITS = 4;

    private UserStateCodec() {
    }

    public static UserState decode(UserInterests stored) {
        List<InterestState> interests = new ArrayList<>(stored.getInterests().size());
        for (Interest i : stored.getInterests()) {
            interests.add(new InterestState(i.getId(), Quantizer.decode(i.getCentroid()), i.getStrength(),
                    i.getLabel(), i.getUpdatedAt().toEpochMilli(), i.getEvidence()));
        }
        List<NegativeState> negatives = new ArrayList<>(stored.getNegatives().size());
        for (NegativeSignal n : stored.getNegatives()) {
            negatives.add(new NegativeState(Quantizer.decode(n.getCentroid()), n.getStrength(), n.getLabel(),
                    n.getUpdatedAt().toEpochMilli()));
        }
        return new UserState(stored.getUserId(), stored.getClock().toEpochMilli(), stored.getNextInterestId(),
                interests, negatives, stored.getRecent(),
                stored.getSeen() == null ? null : SeenFilter.decode(stored.getSeen()));
    }

    public static UserInterests encode(UserState state, String model) {
        List<Interest> interests = new ArrayList<>(state.interests.size());
        for (InterestState i : state.interests) {
            interests.add(Interest.newBuilder()
                    .setId(i.id)
                    .setCentroid(Quantizer.encode(i.centroid))
                    .setStrength(i.strength)
                    .setLabel(i.label)
                    .setUpdatedAt(java.time.Instant.ofEpochMilli(i.updatedAt))
                    .setEvidence(new ArrayList<>(i.evidence))
                    .build());
        }
        List<NegativeSignal> negatives = new ArrayList<>(state.negatives.size());
        for (NegativeState n : state.negatives) {
            negatives.add(NegativeSignal.newBuilder()
                    .setCentroid(Quantizer.encode(n.centroid, NEGATIVE_BITS))
                    .setStrength(n.strength)
                    .setLabel(n.label)
                    .setUpdatedAt(java.time.Instant.ofEpochMilli(n.updatedAt))
                    .build());
        }
        return UserInterests.newBuilder()
                .setUserId(state.userId)
                .setModel(model)
                .setClock(java.time.Instant.ofEpochMilli(state.clock))
                .setInterests(interests)
                .setNegatives(negatives)
                .setRecent(new ArrayList<>(state.recent))
                .setSeen(java.nio.ByteBuffer.wrap(state.seen.encode()))
                .setNextInterestId(state.nextInterestId)
                .build();
    }
}
