package dev.attune.bench.memory;

import dev.attune.bench.load.ItemSpace;
import dev.attune.bench.load.LoadEvent;
import dev.attune.schema.EventKind;
import dev.attune.schema.Evidence;
import dev.attune.schema.EvidenceSource;
import dev.attune.schema.Polarity;
import dev.attune.schema.UserInterests;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.model.EventWeights;
import dev.attune.streams.model.InterestModel;
import dev.attune.streams.model.InterestParams;
import dev.attune.streams.model.Labeler;
import dev.attune.streams.model.UserState;
import dev.attune.streams.model.UserStateCodec;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds users' stored interest state by folding events through the streams app's own
 * {@link InterestModel} the way its interest updater does (kind weights, negatives, recent
 * interactions, query facets) and encoding it with its own {@link UserStateCodec}: the exact
 * values the {@code user-interests} store and changelog would hold, without paying for a
 * retrieval per event.
 */
final class StateReplayer {

    private final InterestModel model;
    private final EventWeights weights;
    private final double queryWeight;
    private final String modelId;
    private final Map<String, UserState> users = new HashMap<>();

    StateReplayer(StreamsAppConfig config, Labeler labeler) {
        this.model = new InterestModel(InterestParams.from(config), labeler);
        this.weights = EventWeights.from(config);
        this.queryWeight = config.getDouble(StreamsAppConfig.INTEREST_QUERY_WEIGHT);
        this.modelId = config.getString(StreamsAppConfig.VECTOR_MODEL);
    }

    void click(String userId, String itemId, String title, EventKind kind, float[] vector, long eventTime) {
        UserState state = users.computeIfAbsent(userId, UserState::empty);
        double w = weights.weight(kind, null);
        if (StreamsAppConfig.isNegative(kind)) {
            model.applyNegative(state, vector, w, eventTime, title, itemId);
        } else {
            model.applyPositive(state, vector, w, eventTime, new Evidence(EvidenceSource.ITEM_EVENT, kind, itemId, title,
                    Polarity.POSITIVE, Instant.ofEpochMilli(eventTime)));
        }
        model.recordInteraction(state, itemId, kind, eventTime);
    }

    void query(LoadEvent.Query q, ItemSpace space, SplittableRandom random, long eventTime) {
        UserState state = users.computeIfAbsent(q.userId(), UserState::empty);
        for (int f = 0; f < q.clusters().length; f++) {
            float[] v = space.facet(q.clusters()[f], random);
            String phrase = "genre-" + q.clusters()[f];
            double w = queryWeight * q.weights()[f];
            if (q.negative()[f]) {
                model.applyNegative(state, v, w, eventTime, phrase);
            } else {
                model.applyPositive(state, v, w, eventTime, new Evidence(EvidenceSource.QUERY_FACET, null, null, phrase,
                        Polarity.POSITIVE, Instant.ofEpochMilli(eventTime)));
            }
        }
    }

    Map<String, UserState> users() {
        return users;
    }

    UserInterests encode(UserState state) {
        return UserStateCodec.encode(state, modelId, model.params().centroidBits());
    }
}
