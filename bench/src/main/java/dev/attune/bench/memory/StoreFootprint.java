package dev.attune.bench.memory;

import dev.attune.bench.load.LoadEvent;
import dev.attune.bench.load.Stats;
import dev.attune.bench.load.Workload;
import dev.attune.bench.pipeline.EngineFixture;
import dev.attune.schema.UserInterests;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.topology.AttuneTopology;
import dev.attune.streams.topology.StoreNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A user's whole state, every store: the MovieLens ratings replayed as clicks through the app's real topology (a
 * {@code TopologyTestDriver}: real processors and RocksDB stores, the app's default settings, the processors' wall
 * clock following the ratings' times so throttles and the explanation window behave as in a live run), then each
 * changelog as compaction leaves it (the latest record per key). A store keyed by user id counts toward that user;
 * the stores keyed by item (co-occurrence rows, click counts) are shared, printed in total and per user.
 */
final class StoreFootprint {

    /** The stores keyed by user id. */
    private static final List<String> PER_USER = List.of(StoreNames.USER_INTERESTS, StoreNames.USER_RECOMMENDATIONS,
            StoreNames.EXPLAINED_ITEMS, StoreNames.REFRESH_DUE);

    private StoreFootprint() {
    }

    /** Replays {@code ratings} (time order) and prints every store's bytes per user. */
    static void replayMovieLens(Workload workload, List<MovieLensRatings.Rating> ratings, Map<String, String> titles)
            throws IOException {
        Set<String> catalogued = new HashSet<>();
        for (int r = 0; r < workload.popularity().size(); r++) {
            catalogued.add(workload.popularity().itemId(r));
        }
        long clock = ratings.get(0).eventTimeMs();
        // the app's own refresh interval (the fixture's default, 0, refreshes on every click)
        Map<String, String> settings = Map.of(StreamsAppConfig.REFRESH_INTERVAL_MS,
                String.valueOf(StreamsAppConfig.DEFINITION.defaultValues().get(StreamsAppConfig.REFRESH_INTERVAL_MS)));
        Map<String, Map<String, byte[]>> changelogs = new HashMap<>();
        Set<String> users = new HashSet<>();
        long started = System.nanoTime();
        int clicks = 0;
        try (EngineFixture engine = new EngineFixture(workload, settings, titles::get, Instant.ofEpochMilli(clock))) {
            for (MovieLensRatings.Rating r : ratings) {
                if (!catalogued.contains(r.itemId())) {
                    continue;
                }
                if (r.eventTimeMs() > clock) {
                    engine.advanceWallClock(Duration.ofMillis(r.eventTimeMs() - clock));
                    clock = r.eventTimeMs();
                }
                byte[] click = engine.click(new LoadEvent.Click(r.userId(), r.itemId(), r.kind()), r.eventTimeMs());
                engine.pipeClick(r.userId(), click, r.eventTimeMs());
                users.add(r.userId());
                if (++clicks % 1_000 == 0) {
                    engine.foldChangelogs(changelogs);
                }
            }
            engine.advanceWallClock(Duration.ofMinutes(1)); // refreshes still due run
            engine.foldChangelogs(changelogs);
            String applicationId = engine.config().getString(StreamsAppConfig.APPLICATION_ID);
            Map<String, Long> perUser = print(applicationId, changelogs, users, clicks,
                    (System.nanoTime() - started) / 1e9);
            printHeaviest(applicationId, changelogs, perUser,
                    AttuneTopology.userInterestsSerde(engine.config(), engine.serdes()));
        }
    }

    /** Prints every store's bytes per user; returns each user's bytes over all of them. */
    private static Map<String, Long> print(String applicationId, Map<String, Map<String, byte[]>> changelogs,
                                           Set<String> users, int clicks, double seconds) {
        System.out.printf(Locale.ROOT, "%nevery store per MovieLens user (%d ratings as clicks through the real "
                        + "topology in %.0f s, %d users; the latest changelog record per key, key + value bytes):%n",
                clicks, seconds, users.size());
        Map<String, Long> perUser = new HashMap<>();
        for (String store : PER_USER) {
            Map<String, byte[]> records = changelogs.getOrDefault(StoreNames.changelogTopic(applicationId, store),
                    Map.of());
            List<Long> sizes = new ArrayList<>(users.size());
            for (String user : users) {
                byte[] value = records.get(user);
                long bytes = value == null ? 0 : keyBytes(user) + value.length;
                sizes.add(bytes);
                perUser.merge(user, bytes, Long::sum);
            }
            System.out.printf(Locale.ROOT, "  %s: %s (%d users with a record)%n", store,
                    stats(sizes).summary(" B"), records.size());
        }
        System.out.printf(Locale.ROOT, "  all per-user stores: %s%n", stats(perUser.values()).summary(" B"));
        new TreeMap<>(changelogs).forEach((topic, records) -> {
            String store = StoreNames.storeOfChangelogTopic(applicationId, topic);
            if (!PER_USER.contains(store)) {
                long bytes = records.entrySet().stream()
                        .mapToLong(e -> keyBytes(e.getKey()) + e.getValue().length).sum();
                System.out.printf(Locale.ROOT, "  %s (shared, keyed by item): %,d bytes in %d records = %.0f bytes per "
                        + "user%n", store, bytes, records.size(), (double) bytes / users.size());
            }
        });
        System.out.println("  (refresh-last, in memory and not changelogged: a user id and a long per user)");
        return perUser;
    }

    /**
     * Where the heaviest users' bytes go (those at or above the p95 of all per-user stores): the p95 is what a
     * target on the tail has to move, and the mean's breakdown says little about it.
     */
    private static void printHeaviest(String applicationId, Map<String, Map<String, byte[]>> changelogs,
                                      Map<String, Long> perUser, Serde<UserInterests> serde) {
        long p95 = stats(perUser.values()).percentile(95);
        List<String> heaviest = perUser.entrySet().stream().filter(e -> e.getValue() >= p95).map(Map.Entry::getKey)
                .toList();
        StringBuilder stores = new StringBuilder();
        for (String store : PER_USER) {
            Map<String, byte[]> records = changelogs.getOrDefault(StoreNames.changelogTopic(applicationId, store),
                    Map.of());
            double mean = heaviest.stream().mapToLong(u -> records.containsKey(u)
                    ? keyBytes(u) + records.get(u).length : 0).average().orElse(0);
            stores.append(String.format(Locale.ROOT, "%s %s %.0f", stores.isEmpty() ? "" : " +", store, mean));
        }
        String topic = StoreNames.changelogTopic(applicationId, StoreNames.USER_INTERESTS);
        Map<String, byte[]> interests = changelogs.getOrDefault(topic, Map.of());
        StateBreakdown breakdown = new StateBreakdown();
        Serializer<UserInterests> serializer = serde.serializer();
        Deserializer<UserInterests> deserializer = serde.deserializer();
        for (String user : heaviest) {
            byte[] value = interests.get(user);
            if (value != null) {
                breakdown.add(serializer, topic, deserializer.deserialize(topic, value), value.length);
            }
        }
        System.out.printf(Locale.ROOT, "  the heaviest %d users (all per-user stores >= p95 %,d B), mean per store:%s%n",
                heaviest.size(), p95, stores);
        System.out.println("    their user-interests " + breakdown.line());
    }

    private static long keyBytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Stats stats(Collection<Long> values) {
        return new Stats(values.stream().mapToLong(Long::longValue).toArray());
    }
}
