package dev.attune.streams.model;

import dev.attune.schema.EventKind;
import dev.attune.schema.Interaction;
import dev.attune.streams.config.StreamsAppConfig;
import java.util.ArrayList;
import java.util.List;

/** A user's interest state decoded for updating; {@link UserStateCodec} turns it into the stored UserInterests and back. */
public final class UserState {
    final String userId;
    long clock;
    int nextInterestId;
    final List<InterestState> interests;
    final List<NegativeState> negatives;
    final List<Interaction> recent;
    final SeenFilter seen;

    public UserState(String userId, long clock, int nextInterestId, List<InterestState> interests,
                     List<NegativeState> negatives, List<Interaction> recent) {
        this(userId, clock, nextInterestId, interests, negatives, recent, null);
    }

    /** {@code seen} null: a state stored before the filter existed; it starts from the recent interactions. */
    public UserState(String userId, long clock, int nextInterestId, List<InterestState> interests,
                     List<NegativeState> negatives, List<Interaction> recent, SeenFilter seen) {
        this.userId = userId;
        this.clock = clock;
        this.nextInterestId = nextInterestId;
        this.interests = new ArrayList<>(interests);
        this.negatives = new ArrayList<>(negatives);
        this.recent = new ArrayList<>(recent);
        if (seen == null) {
            seen = SeenFilter.empty();
            for (Interaction i : recent) {
                seen.add(i.getItemId());
            }
        }
        this.seen = seen;
    }

    public static UserState empty(String userId) {
        return empty(userId, SeenFilter.empty());
    }

    /** A new user whose seen filter is {@code seen} (empty; of the configured scheme). */
    public static UserState empty(String userId, SeenFilter seen) {
        return new UserState(userId, Long.MIN_VALUE, 0, List.of(), List.of(), List.of(), seen);
    }

    public String userId() {
        return userId;
    }

    /** The latest event time applied; {@link Long#MIN_VALUE} before the first event. */
    public long clock() {
        return clock;
    }

    public int nextInterestId() {
        return nextInterestId;
    }

    public List<InterestState> interests() {
        return interests;
    }

    public List<NegativeState> negatives() {
        return negatives;
    }

    /** Newest first. */
    public List<Interaction> recent() {
        return recent;
    }

    /**
     * Up to {@code n} items of the recent interactions that were positive clicks (not views, not negative
     * feedback), newest first: the items the co-occurrence counter pairs and the recommender expands.
     */
    public List<String> recentPositiveItems(int n) {
        List<String> out = new ArrayList<>(Math.min(n, recent.size()));
        for (Interaction i : recent) {
            if (out.size() >= n) {
                break;
            }
            if (isPositiveClick(i.getKind())) {
                out.add(i.getItemId());
            }
        }
        return out;
    }

    /** A click that counts as liking the item: neither a view nor negative feedback. */
    public static boolean isPositiveClick(EventKind kind) {
        return kind != null && kind != EventKind.VIEW && kind != EventKind.UNKNOWN && !StreamsAppConfig.isNegative(kind);
    }

    /** Every item the user interacted with (not only the recent ones), as a {@link SeenFilter}. */
    public SeenFilter seen() {
        return seen;
    }
}
