package dev.attune.streams.model;

import dev.attune.schema.Evidence;
import dev.attune.schema.EvidenceSource;
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
     * {@code items} gives negative signals stored by item id their direction and label, and item evidence its
     * text (the title); with {@link ItemLookup#NONE} item signals decode without a direction and both are named
     * by the item id (enough to re-encode a state, not to recommend from it or show it).
     */
    public static UserState decode(UserInterests stored, ItemLookup items) {
        List<InterestState> interests = new ArrayList<>(stored.getInterests().size());
        for (Interest i : stored.getInterests()) {
            interests.add(new InterestState(i.getId(), Quantizer.decodeKeepingCodes(i.getCentroid()), i.getStrength(),
                    i.getLabel(), i.getUpdatedAt().toEpochMilli(), i.getEvidence(), items));
        }
        List<NegativeState> negatives = new ArrayList<>(stored.getNegatives().size() + stored.getItemNegatives().size());
        for (NegativeSignal n : stored.getNegatives()) {
            negatives.add(new NegativeState(Quantizer.decodeKeepingCodes(n.getCentroid()), n.getStrength(), n.getLabel(),
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

    /**
     * Evidence of a click on an item is stored without its text: that text is the item's title, which the
     * catalogue holds (titles were about two thirds of the evidence bytes). {@link InterestState#evidence()} puts
     * it back when first asked ({@link #title}).
     */
    private static List<Evidence> untitled(List<Evidence> evidence) {
        List<Evidence> out = new ArrayList<>(evidence.size());
        for (Evidence e : evidence) {
            out.add(isItemEvidence(e) && !e.getText().isEmpty()
                    ? new Evidence(e.getSource(), e.getKind(), e.getItemId(), "", e.getPolarity(), e.getEventTime())
                    : e);
        }
        return out;
    }

    /**
     * Gives item evidence stored without its text the item's current title, or its id where this instance does not
     * know the item (any more).
     */
    static void title(List<Evidence> evidence, ItemLookup items) {
        for (int i = 0; i < evidence.size(); i++) {
            Evidence e = evidence.get(i);
            if (isItemEvidence(e) && e.getText().isEmpty()) {
                String title = items.title(e.getItemId());
                evidence.set(i, new Evidence(e.getSource(), e.getKind(), e.getItemId(),
                        title == null ? e.getItemId() : title, e.getPolarity(), e.getEventTime()));
            }
        }
    }

    private static boolean isItemEvidence(Evidence e) {
        return e.getSource() == EvidenceSource.ITEM_EVENT && e.getItemId() != null;
    }

    /**
     * {@code centroidBits}: 8, 6 or 4 ({@code interest.centroid.bits}). Vectors the model did not replace since
     * {@link #decode} are written with the codes they were decoded from (a click moves one centroid of up to K).
     */
    public static UserInterests encode(UserState state, String model, int centroidBits) {
        List<Interest> interests = new ArrayList<>(state.interests.size());
        for (InterestState i : state.interests) {
            interests.add(Interest.newBuilder()
                    .setId(i.id)
                    .setCentroid(Quantizer.encode(i.centroid, centroidBits, i.stored))
                    .setStrength(i.strength)
                    .setLabel(i.label)
                    .setUpdatedAt(Instant.ofEpochMilli(i.updatedAt))
                    .setEvidence(untitled(i.evidenceAsIs()))
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
                    .setCentroid(Quantizer.encode(n.centroid, NEGATIVE_BITS, n.stored))
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
