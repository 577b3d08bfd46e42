package dev.attune.streams.processor;

import dev.attune.schema.Recommendations;
import dev.attune.schema.RecommendedItem;
import dev.attune.schema.UserInterests;
import dev.attune.streams.model.ItemLookup;
import dev.attune.streams.model.UserState;
import dev.attune.streams.model.UserStateCodec;
import dev.attune.streams.recommend.ItemCooccurrence;
import dev.attune.streams.recommend.RecentPopularity;
import dev.attune.streams.recommend.Recommender;
import dev.attune.streams.recommend.RetrievalCache;
import dev.attune.streams.topology.ProcessorNames;
import dev.attune.streams.topology.StoreNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Recomputes a user's list when their interests change, throttled twice.
 * <ul>
 *   <li>Per user: the first change refreshes at once (leading edge); changes within the next
 *       interval only mark the user due ({@value StoreNames#REFRESH_DUE}, changelogged), and a
 *       punctuator refreshes due users once their interval has passed on the wall clock, from their latest state
 *       (trailing edge). A burst of clicks costs one refresh now and at most one per interval after.
 *       <br>Which change is a first one is judged on the user's own clock while events arrive live (processed
 *       within an interval of their timestamp): the user did nothing for an interval before it, by the events'
 *       timestamps. On the wall clock alone, processing jitter made a change that came an interval after the
 *       last one wait for the next punctuation (then up to half an interval) whenever the last one had been
 *       processed a little later than this one: the freshness bench's p99 at a light load was that wait
 *       (bench/RESULTS.md, 2026-12-01). Older events (a backlog after downtime, a replay of history) are judged
 *       on the wall clock since the user's last refresh, so catching up still coalesces each user's changes.</li>
 *   <li>Per task: at most {@code maxPerSecond} refreshes a second ({@link RefreshBudget}). Over it,
 *       changed users are marked due as well and the punctuator refreshes them in turn (key order,
 *       resuming where it stopped), so input keeps flowing at the cost of list lag. While due users
 *       wait for budget, leading-edge changes queue behind them instead of overtaking them.</li>
 * </ul>
 * The due marks are the only state that matters for correctness (the last change is always
 * refreshed); the last-refresh times ({@value StoreNames#REFRESH_LAST}) and the budget may be lost
 * on a restart at the cost of extra refreshes.
 */
public final class RecommendationRefresher implements Processor<String, UserInterests, Object, Object> {

    /** Throttle settings: the per-user interval and the per-task rate (0: unlimited). */
    public record Throttle(long intervalMs, int maxPerSecond) {
        /**
         * How often the punctuator looks for due users: a twentieth of the interval, so that a trailing refresh is
         * late by little and each tick's trailing refreshes are few. They run back to back on the stream thread and
         * the events behind them wait: with a tick of half the interval, under freshness traffic, a tick's batch held
         * up the events behind it for long enough to be most of the leading-edge p99 (bench/RESULTS.md, 2026-12-01).
         */
        long tickMs() {
            return Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, intervalMs / TICKS_PER_INTERVAL));
        }

        /** How often idle users' throttle entries are dropped: every half interval is soon enough for memory. */
        long forgetEveryMs() {
            return Math.max(tickMs(), intervalMs / 2);
        }
    }

    private static final long TICKS_PER_INTERVAL = 20;
    private static final long MIN_TICK_MS = 20;
    private static final long MAX_TICK_MS = 500;

    private final Recommender recommender;
    private final ItemLookup items;
    private final String model;
    private final Throttle throttle;
    private final RefreshBudget budget;
    private final long popularityMaxAgeMs;
    private final RetrievalCache searches;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, UserInterests> interests;
    private KeyValueStore<String, Recommendations> lists;
    private KeyValueStore<String, Long> due;
    private KeyValueStore<String, Long> last;
    private RecentPopularity popularity;
    private ItemCooccurrence cooccurrence;
    private RefreshMetrics metrics;
    /**
     * Each recently active user's latest event timestamp, for judging live changes on the user's clock. Derived and
     * short-lived like {@code last} (entries two intervals old are dropped at each punctuation): lost on a
     * restart at the cost of at most one extra refresh per user.
     */
    private final Map<String, Long> lastEvent = new HashMap<>();
    /** Where the next punctuation resumes in the due store when the last one ran out of budget. */
    private String cursor;
    private long lastForgetMs = Long.MIN_VALUE;
    private boolean backlog;

    /**
     * {@code items}: where negative signals stored by item id find their vectors (the engine's catalogue);
     * {@code popularityMaxAgeMs}: how old the click counts a refresh reads may be ({@link RecentPopularity});
     * {@code searchHits}: the instance's cached vector-search hits, which this task's refreshes reuse and add to
     * ({@link RetrievalCache}).
     */
    public RecommendationRefresher(Recommender recommender, ItemLookup items, String model, Throttle throttle,
            long popularityMaxAgeMs, RetrievalCache.Shared searchHits) {
        this.recommender = recommender;
        this.items = items;
        this.model = model;
        this.throttle = throttle;
        this.budget = new RefreshBudget(throttle.maxPerSecond());
        this.popularityMaxAgeMs = popularityMaxAgeMs;
        this.searches = new RetrievalCache(searchHits);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.interests = context.getStateStore(StoreNames.USER_INTERESTS);
        this.lists = context.getStateStore(StoreNames.USER_RECOMMENDATIONS);
        this.due = context.getStateStore(StoreNames.REFRESH_DUE);
        this.last = context.getStateStore(StoreNames.REFRESH_LAST);
        this.popularity = new RecentPopularity(new PopularityStores(context.getStateStore(StoreNames.ITEM_CLICK_COUNTS),
                context.getStateStore(StoreNames.ITEM_CLICK_RANK)), popularityMaxAgeMs);
        this.cooccurrence = context.<CooccurrenceStore>getStateStore(StoreNames.ITEM_COOCCURRENCE);
        this.metrics = new RefreshMetrics(context.metrics(), context.taskId().toString(), searches);
        context.schedule(Duration.ofMillis(throttle.tickMs()), PunctuationType.WALL_CLOCK_TIME, this::refreshDue);
    }

    @Override
    public void process(Record<String, UserInterests> record) {
        String user = record.key();
        long now = context.currentSystemTimeMs();
        if (!backlog && isFirstChange(user, record.timestamp(), now) && budget.tryTake(now)) {
            if (due.get(user) != null) {
                due.delete(user);
            }
            refresh(user, record.value(), now);
        } else if (due.get(user) == null) {
            due.put(user, now);
        }
    }

    @Override
    public void close() {
        metrics.close();
    }

    /**
     * Whether a change (an event at {@code eventTime}, processed at {@code now}) starts a burst: for a live event,
     * when the user's previous live event came an interval or more before it; for any other (older, or stamped more
     * than an interval ahead of this clock by a producer's skewed clock), when the user's last refresh was an
     * interval or more ago.
     */
    private boolean isFirstChange(String user, long eventTime, long now) {
        boolean live = Math.abs(now - eventTime) < throttle.intervalMs();
        if (!live) {
            return intervalPassed(user, now);
        }
        Long previous = lastEvent.get(user);
        if (previous == null || eventTime > previous) {
            lastEvent.put(user, eventTime);
        }
        return previous == null || eventTime - previous >= throttle.intervalMs();
    }

    private boolean intervalPassed(String user, long now) {
        Long lastRefresh = last.get(user);
        return lastRefresh == null || now - lastRefresh >= throttle.intervalMs();
    }

    /** Punctuator: refreshes due users whose interval has passed, while the budget lasts. */
    private void refreshDue(long now) {
        List<String> ready = new ArrayList<>();
        boolean outOfBudget = collectReady(now, cursor, null, ready);
        if (!outOfBudget && cursor != null) {
            outOfBudget = collectReady(now, null, cursor, ready);
        }
        if (!outOfBudget) {
            cursor = null;
        } else if (!ready.isEmpty()) {
            cursor = ready.get(ready.size() - 1);
        }
        backlog = outOfBudget;
        for (String user : ready) {
            due.delete(user);
            UserInterests state = interests.get(user);
            if (state != null) {
                refresh(user, state, now);
            }
        }
        forgetIdle(now);
    }

    /** Adds due users in [from, to) (null: open) whose interval has passed; true when the budget ran out first. */
    private boolean collectReady(long now, String from, String to, List<String> ready) {
        try (KeyValueIterator<String, Long> range = due.range(from, to)) {
            while (range.hasNext()) {
                String user = range.next().key;
                if (user.equals(to)) {
                    break; // range() includes its upper bound
                }
                if (!intervalPassed(user, now)) {
                    continue;
                }
                if (!budget.tryTake(now)) {
                    return true;
                }
                ready.add(user);
            }
        }
        return false;
    }

    /** Users whose interval has passed need no throttle entry: their next change refreshes at once anyway. */
    private void forgetIdle(long now) {
        if (now >= lastForgetMs && now < lastForgetMs + throttle.forgetEveryMs()) {
            return; // dropped less than forgetEveryMs ago (never, at first: MIN_VALUE + a few ms is long past)
        }
        lastForgetMs = now;
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = last.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> kv = all.next();
                if (now - kv.value >= throttle.intervalMs() && due.get(kv.key) == null) {
                    idle.add(kv.key);
                }
            }
        }
        idle.forEach(last::delete);
        // a live event is at most an interval old: an entry two intervals old no longer makes one a burst's second change
        lastEvent.values().removeIf(eventTime -> now - eventTime >= 2 * throttle.intervalMs());
    }

    private void refresh(String userId, UserInterests stored, long now) {
        UserState state = UserStateCodec.decode(stored, items);
        List<RecommendedItem> ranked = recommender.recommend(state, popularity.asOf(now), cooccurrence, searches);
        metrics.recordRefresh();
        Recommendations list = new Recommendations(userId, Instant.ofEpochMilli(now), stored.getClock(), model, ranked);
        lists.put(userId, list);
        last.put(userId, now);
        long timestamp = Math.max(0, stored.getClock().toEpochMilli());
        context.forward(new Record<Object, Object>(userId, list, timestamp), ProcessorNames.RECOMMENDATIONS_SINK);
        context.forward(new Record<Object, Object>(userId, new RefreshResult(state, list), timestamp),
                ProcessorNames.EXPLANATION_EMITTER);
    }
}
