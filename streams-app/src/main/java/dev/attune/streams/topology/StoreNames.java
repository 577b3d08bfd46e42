package dev.attune.streams.topology;

/**
 * Names of every state store. Other code (the REST layer, tests, operators reading changelog
 * topics {@code <application.id>-<store>-changelog}) relies on them: change them only with a
 * migration.
 */
public final class StoreNames {
    private static final String CHANGELOG_SUFFIX = "-changelog";

    /** Per-user interest state, {@code KeyValueStore<String, UserInterests>}, RocksDB, changelogged. */
    public static final String USER_INTERESTS = "user-interests";
    /**
     * Per-user latest list, {@code KeyValueStore<String, Recommendations>} stored without titles
     * ({@code StoredListSerde}), RocksDB, changelogged.
     */
    public static final String USER_RECOMMENDATIONS = "user-recommendations";
    /** Global store of item vectors with their text, {@code String -> ItemVector}. */
    public static final String ITEM_CATALOGUE = "item-catalogue";
    /** Global store of vocabulary terms, {@code String -> TermVector}. */
    public static final String TERM_VOCABULARY = "term-vocabulary";
    /** Clicks waiting for their item's vector, {@code KeyValueStore<String, byte[]>} keyed by item id + source position. */
    public static final String PENDING_CLICKS = "pending-clicks";
    /** Users whose list must be refreshed when their throttle interval ends, {@code KeyValueStore<String, Long>}. */
    public static final String REFRESH_DUE = "refresh-due";
    /** Wall-clock time of each user's last refresh, in memory: losing it only costs one extra refresh. */
    public static final String REFRESH_LAST = "refresh-last";
    /**
     * Per-user explanation history, {@code KeyValueStore<String, byte[]>}: the items of the user's current list and
     * the explanations sent lately ({@code ExplainedItems}), RocksDB, changelogged. Replaced {@code explanation-dedup}
     * (a record per explanation sent): after an upgrade its changelog topic can be deleted.
     */
    public static final String EXPLAINED_ITEMS = "explained-items";

    /** Positive clicks per item counted by this partition's users, {@code KeyValueStore<String, Long>}, in memory, changelogged. */
    public static final String ITEM_CLICK_COUNTS = "item-click-counts";
    /**
     * The same counts as sortable keys (count descending, then item id), {@code KeyValueStore<Bytes, byte[]>}, in
     * memory, not changelogged: rebuilt from {@value #ITEM_CLICK_COUNTS} when the task starts.
     */
    public static final String ITEM_CLICK_RANK = "item-click-rank";

    /** Co-occurring items per item, counted by this partition's users, a {@code CooccurrenceStore} (bounded top-K rows over RocksDB, increments buffered until each commit), changelogged. */
    public static final String ITEM_COOCCURRENCE = "item-cooccurrence";

    private StoreNames() {
    }

    /** The changelog topic Kafka Streams keeps for {@code store} of the application {@code applicationId}. */
    public static String changelogTopic(String applicationId, String store) {
        return applicationId + "-" + store + CHANGELOG_SUFFIX;
    }

    /** Whether {@code topic} is a store's changelog topic. */
    public static boolean isChangelogTopic(String topic) {
        return topic.endsWith(CHANGELOG_SUFFIX);
    }

    /**
     * The store whose changelog topic {@code topic} is, in the application {@code applicationId} (the inverse of
     * {@link #changelogTopic}).
     */
    public static String storeOfChangelogTopic(String applicationId, String topic) {
        String prefix = applicationId + "-";
        if (!topic.startsWith(prefix) || !isChangelogTopic(topic)) {
            throw new IllegalArgumentException(topic + " is not a changelog topic of " + applicationId);
        }
        return topic.substring(prefix.length(), topic.length() - CHANGELOG_SUFFIX.length());
    }
}
