package dev.attune.streams.model;

import dev.attune.schema.Interest;
import dev.attune.schema.ItemNegativeSignal;
import dev.attune.schema.NegativeSignal;
import dev.attune.schema.UserInterests;
import java.time.Instant;
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

    /**
     * {@code items} gives negative signals stored by item id their direction and label; with {@link ItemLookup#NONE}
     * they decode without a direction (enough to show or re-encode a state, not to recommend from it).
     */
    public static UserState decode(UserInterests stored, ItemLookup items) {
        List<InterestState> interests = new ArrayList<>(stored.getInterests().size());
        for (Interest i : stored.getInterests()) {
            interests.add(new InterestState(i.getId(), Quantizer.decode(i.getCentroid()), i.getStrength(),
                    i.getLabel(), i.getUpdatedAt().toEpochMilli(), i.getEvidence()));
        }
        List<NegativeState> negatives = new ArrayList<>(stored.getNegatives().size() + stored.getItemNegatives().size());
        for (NegativeSignal n : stored.getNegatives()) {
            negatives.add(new NegativeState(Quantizer.decode(n.getCentroid()), n.getStrength(), n.getLabel(),
                    n.getUpdatedAt().toEpochMilli()));
        }
        for (ItemNegativeSignal n : stored.getItemNegatives()) {
            String title = items.title(n.getItemId());
            negatives.add(new NegativeState(items.vector(n.getItemId()), n.getStrength(),
                    title == null ? n.getItemId() : title, n.getUpdatedAt().toEpochMilli(), n.getItemId()));
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
                    .setUpdatedAt(Instant.ofEpochMilli(i.updatedAt))
                    .setEvidence(new ArrayList<>(i.evidence))
                    .build());
        }
        List<NegativeSignal> negatives = new ArrayList<>(state.negatives.size());
        List<ItemNegativeSignal> itemNegatives = new ArrayList<>();
        for (NegativeState n : state.negatives) {
            if (n.itemId != null) {
                itemNegatives.add(new ItemNegativeSignal(n.itemId, n.strength, Instant.ofEpochMilli(n.updatedAt)));
                continue;
            }
            negatives.add(NegativeSignal.newBuilder()
                    .setCentroid(Quantizer.encode(n.centroid, NEGATIVE_BITS))
                    .setStrength(n.strength)
                    .setLabel(n.label)
                    .setUpdatedAt(Instant.ofEpochMilli(n.updatedAt))
                    .build());
        }
        return UserInterests.newBuilder()
                .setUserId(state.userId)
                .setModel(model)
                .setClock(Instant.ofEpochMilli(state.clock))
                .setInterests(interests)
                .setNegatives(negatives)
                .setItemNegatives(itemNegatives)
                .setRecent(new ArrayList<>(state.recent))
                .setSeen(java.nio.ByteBuffer.wrap(state.seen.encode()))
                .setNextInterestId(state.nextInterestId)
                .build();
    }
}
