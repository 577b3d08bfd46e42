package dev.attune.streams.processor;

import dev.attune.schema.Recommendations;
import dev.attune.schema.RecommendedItem;
import dev.attune.schema.UserInterests;
import dev.attune.streams.model.UserState;
import dev.attune.streams.model.UserStateCodec;
import dev.attune.streams.recommend.Recommender;
import dev.attune.streams.topology.ProcessorNames;
import dev.attune.streams.topology.StoreNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Recomputes a user's list when their interests change, throttled per user on the wall clock: the
 * first change refreshes at once (leading edge); changes within the next interval only mark the
 * user due ({@value StoreNames#REFRESH_DUE}), and a punctuator refreshes due users once their
 * interval has passed. A burst of clicks therefore costs one retrieval now and at most one per
 * interval after, always from the latest state.
 */
public final class RecommendationRefresher implements Processor<String, UserInterests, Object, Object> {

    private static final long MAX_TICK_MS = 1_000;

    private final Recommender recommender;
    private final String model;
    private final long intervalMs;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, UserInterests> interests;
    private KeyValueStore<String, Recommendations> lists;
    private KeyValueStore<String, Long> due;
    private KeyValueStore<String, Long> last;
    private PopularityStores popularity;

    public RecommendationRefresher(Recommender recommender, String model, long intervalMs) {
        this.recommender = recommender;
        this.model = model;
        this.intervalMs = intervalMs;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.interests = context.getStateStore(StoreNames.USER_INTERESTS);
        this.lists = context.getStateStore(StoreNames.USER_RECOMMENDATIONS);
        this.due = context.getStateStore(StoreNames.REFRESH_DUE);
        this.last = context.getStateStore(StoreNames.REFRESH_LAST);
        this.popularity = new PopularityStores(context.getStateStore(StoreNames.ITEM_CLICK_COUNTS),
                context.getStateStore(StoreNames.ITEM_CLICK_RANK));
        long tick = Math.max(1, Math.min(MAX_TICK_MS, intervalMs));
        context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, this::refreshDue);
    }

    @Override
    public void process(Record<String, UserInterests> record) {
        long now = context.currentSystemTimeMs();
        Long lastRefresh = last.get(record.key());
        if (lastRefresh == null || now - lastRefresh >= intervalMs) {
            refresh(record.key(), record.value(), now);
        } else if (due.get(record.key()) == null) {
            due.put(record.key(), now);
        }
    }

    private void refreshDue(long now) {
        List<String> ready = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = due.all()) {
            while (all.hasNext()) {
                String user = all.next().key;
                Long lastRefresh = last.get(user);
                if (lastRefresh == null || now - lastRefresh >= intervalMs) {
                    ready.add(user);
                }
            }
        }
        for (String user : ready) {
            due.delete(user);
            UserInterests state = interests.get(user);
            if (state != null) {
                refresh(user, state, now);
            }
        }
        forgetIdle(now);
    }

    /** Users whose interval has passed need no throttle entry: their next change refreshes at once anyway. */
    private void forgetIdle(long now) {
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = last.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> kv = all.next();
                if (now - kv.value >= intervalMs && due.get(kv.key) == null) {
                    idle.add(kv.key);
                }
            }
        }
        idle.forEach(last::delete);
    }

    private void refresh(String userId, UserInterests stored, long now) {
        UserState state = UserStateCodec.decode(stored);
        List<RecommendedItem> items = recommender.recommend(state, popularity);
        Recommendations list = new Recommendations(userId, Instant.ofEpochMilli(now), stored.getClock(), model, items);
        Recommendations previous = lists.get(userId);
        lists.put(userId, list);
        last.put(userId, now);
        long timestamp = Math.max(0, stored.getClock().toEpochMilli());
        context.forward(new Record<Object, Object>(userId, list, timestamp), ProcessorNames.RECOMMENDATIONS_SINK);
        context.forward(new Record<Object, Object>(userId, new RefreshResult(state, previous, list), timestamp),
                ProcessorNames.EXPLANATION_EMITTER);
    }
}
