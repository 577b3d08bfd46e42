package dev.attune.streams.config;

import dev.attune.config.EnvironmentOverrides;
import dev.attune.kafka.Topics;
import dev.attune.streams.errors.DeadLetterOrRetryHandler;
import dev.attune.schema.EventKind;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of the streams app: name, type, default, validator and documentation in one
 * {@link ConfigDef}. Keys this class does not define (e.g. {@code num.stream.threads}, one per available processor
 * by default here ({@link #defaultStreamThreads}), {@code commit.interval.ms},
 * {@value #DEFAULT_EOS_COMMIT_INTERVAL_MS} ms by default here under exactly-once) pass
 * through to Kafka Streams unchanged, so any Kafka setting can
 * be changed the same way. Sources, lowest precedence first: defaults, {@code --config FILE},
 * {@code ATTUNE_*} environment variables, {@code key=value} arguments ({@link EnvironmentOverrides}).
 */
public final class StreamsAppConfig extends AbstractConfig {

    /**
     * {@code commit.interval.ms} under exactly-once unless set (Kafka Streams' own default is 100 ms): a refreshed list
     * waits for its transaction's commit before a read_committed reader sees it, so the interval is most of what a
     * lightly loaded app adds to an event's freshness. 50 ms: leading-edge p99 75 vs 130 ms at 180 events/s, 355 vs
     * 565 ms at 650/s; pipeline throughput 4,604 vs 4,699 clicks/s, within the noise (bench/RESULTS.md, 2026-12-01).
     * At-least-once keeps Kafka Streams' default: its outputs are readable at once and commits only save offsets.
     */
    public static final int DEFAULT_EOS_COMMIT_INTERVAL_MS = 50;

    /**
     * {@code num.stream.threads} unless set: one per processor the JVM may use (a container's CPU limit; Kafka
     * Streams' own default is 1). A refresh is CPU work on the stream thread, so one thread holds an instance to one
     * core: on 2 cores at 1,000 mixed events/s one thread fell 33 s behind while two kept leading-edge p99 at
     * 161 ms (bench/RESULTS.md, 2026-12-01). Threads beyond the instance's tasks stay idle.
     */
    public static int defaultStreamThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    // --- Kafka and deployment ---
    public static final String BOOTSTRAP_SERVERS = StreamsConfig.BOOTSTRAP_SERVERS_CONFIG;
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String APPLICATION_ID = StreamsConfig.APPLICATION_ID_CONFIG;
    public static final String STATE_DIR = StreamsConfig.STATE_DIR_CONFIG;
    public static final String HTTP_PORT = "http.port";
    public static final String APPLICATION_SERVER = StreamsConfig.APPLICATION_SERVER_CONFIG;
    public static final String NUM_STANDBY_REPLICAS = StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG;
    public static final String PROCESSING_GUARANTEE = StreamsConfig.PROCESSING_GUARANTEE_CONFIG;
    public static final String REPLICATION_FACTOR = StreamsConfig.REPLICATION_FACTOR_CONFIG;

    // --- Topics ---
    public static final String TOPIC_CLICKS = "topic.clicks";
    public static final String TOPIC_QUERY_VECTORS = "topic.query.vectors";
    public static final String TOPIC_ITEM_VECTORS = "topic.item.vectors";
    public static final String TOPIC_TERM_VECTORS = "topic.term.vectors";
    public static final String TOPIC_RECOMMENDATIONS = "topic.recommendations";
    public static final String TOPIC_EXPLANATION_REQUESTS = "topic.explanation.requests";
    public static final String TOPIC_DEAD_LETTER = "topic.dead.letter";

    // --- Vectors ---
    public static final String VECTOR_MODEL = "vector.model";
    public static final String VECTOR_DIMENSION = "vector.dimension";

    // --- Interest model ---
    public static final String INTEREST_MAX = "interest.max.interests";
    public static final String INTEREST_ASSIGN_THRESHOLD = "interest.assign.threshold";
    public static final String INTEREST_MERGE_MIN_SIMILARITY = "interest.merge.min.similarity";
    public static final String INTEREST_HALF_LIFE_MS = "interest.half.life.ms";
    public static final String INTEREST_SOFTMAX_TEMPERATURE = "interest.softmax.temperature";
    public static final String INTEREST_MIN_STRENGTH = "interest.min.strength";
    public static final String INTEREST_EVIDENCE_MAX = "interest.evidence.max";
    public static final String INTEREST_RECENT_MAX = "interest.recent.max";
    public static final String INTEREST_CENTROID_BITS = "interest.centroid.bits";
    public static final String INTEREST_SEEN_FILTER_VERSION = "interest.seen.filter.version";
    public static final String INTEREST_STORE_FORMAT = "interest.store.format";
    public static final String INTEREST_QUERY_WEIGHT = "interest.query.weight";
    /** Prefix of the per-kind weights, e.g. {@code interest.weight.add.to.cart}. */
    public static final String INTEREST_WEIGHT_PREFIX = "interest.weight.";
    public static final String DWELL_REFERENCE_MS = "interest.dwell.reference.ms";
    public static final String DWELL_MIN_FACTOR = "interest.dwell.min.factor";
    public static final String DWELL_MAX_FACTOR = "interest.dwell.max.factor";
    public static final String NEGATIVE_MAX = "negative.max.signals";
    public static final String NEGATIVE_MERGE_THRESHOLD = "negative.merge.threshold";
    public static final String NEGATIVE_HALF_LIFE_MS = "negative.half.life.ms";
    public static final String NEGATIVE_PENALTY = "negative.penalty";
    public static final String NEGATIVE_SIMILARITY_FLOOR = "negative.similarity.floor";
    public static final String LABEL_TERMS = "label.terms";
    public static final String LABEL_MIN_SIMILARITY = "label.min.similarity";

    // --- Recommendations ---
    public static final String RECOMMEND_TOP_N = "recommend.top.n";
    public static final String RECOMMEND_STORE_FORMAT = "recommend.store.format";
    public static final String RECOMMEND_CANDIDATE_POOL = "recommend.candidate.pool";
    public static final String RECOMMEND_MIN_QUOTA = "recommend.min.quota";
    public static final String RECOMMEND_MMR_LAMBDA = "recommend.mmr.lambda";
    public static final String RECOMMEND_COMPOSITE_BLEND = "recommend.composite.blend";
    public static final String RECOMMEND_POPULARITY_WEIGHT = "recommend.popularity.weight";
    public static final String RECOMMEND_POPULARITY_CANDIDATES = "recommend.popularity.candidates";
    public static final String RECOMMEND_COOCCURRENCE_WEIGHT = "recommend.cooccurrence.weight";
    public static final String RECOMMEND_COOCCURRENCE_CANDIDATES = "recommend.cooccurrence.candidates";
    public static final String COOCCURRENCE_WINDOW = "cooccurrence.window";
    public static final String COOCCURRENCE_TOP_K = "cooccurrence.top.k";
    public static final String COOCCURRENCE_ROW_FORMAT = "cooccurrence.row.format";
    public static final String COOCCURRENCE_CACHE_ROWS = "cooccurrence.cache.rows";
    public static final String REFRESH_INTERVAL_MS = "refresh.interval.ms";
    public static final String REFRESH_MAX_PER_SECOND = "refresh.max.per.second";
    public static final String REFRESH_CACHE_BYTES = "refresh.cache.bytes";
    public static final String REFRESH_CACHE_NEARBY_MIN_COSINE = "refresh.cache.nearby.min.cosine";
    public static final String REFRESH_POPULARITY_MAX_AGE_MS = "refresh.popularity.max.age.ms";

    // --- Explanations ---
    public static final String EXPLANATION_PROMPT_VERSION = "explanation.prompt.version";
    public static final String EXPLANATION_DEDUP_WINDOW_MS = "explanation.dedup.window.ms";
    public static final String EXPLANATION_DEDUP_MAX_PER_USER = "explanation.dedup.max.per.user";
    public static final String EXPLANATION_MAX_PER_REFRESH = "explanation.max.per.refresh";
    public static final String EXPLANATION_HISTORY_FORMAT = "explanation.history.format";
    public static final String EXPLANATION_ITEM_CACHE = "explanation.item.cache.items";

    // --- Input hygiene ---
    public static final String PENDING_TIMEOUT_MS = "pending.click.timeout.ms";
    public static final String PENDING_MAX_PER_TASK = "pending.click.max.per.task";
    public static final String PENDING_CHECK_INTERVAL_MS = "pending.click.check.interval.ms";
    public static final String MAX_FUTURE_SKEW_MS = "input.max.future.skew.ms";

    // --- RocksDB memory ---
    public static final String ROCKSDB_BLOCK_CACHE_BYTES = "rocksdb.block.cache.bytes";
    public static final String ROCKSDB_WRITE_BUFFER_BYTES = "rocksdb.write.buffer.bytes";
    /**
     * 256 MiB of block cache and 64 MiB of memtables charged to it (were 64 and 16): with 16 MiB of memtables for a
     * dozen stores RocksDB flushed about every second and compaction took a third of a core; the pipeline bench ran
     * 1.5x the clicks per second with these (bench/RESULTS.md). The Kubernetes profile sets 512 / 128.
     */
    static final long DEFAULT_ROCKSDB_BLOCK_CACHE_BYTES = 256L * 1024 * 1024;
    static final long DEFAULT_ROCKSDB_WRITE_BUFFER_BYTES = 64L * 1024 * 1024;

    public static final ConfigDef DEFINITION = definition();

    public StreamsAppConfig(Map<String, ?> values) {
        super(DEFINITION, values, false);
        long cache = getLong(ROCKSDB_BLOCK_CACHE_BYTES);
        long memtables = getLong(ROCKSDB_WRITE_BUFFER_BYTES);
        if (memtables > cache / 2) {
            // the write-buffer manager charges memtables to the block cache: with them filling it, index, filter and
            // data blocks are evicted and every read goes to the files (64 MB of each: 15x slower in the pipeline
            // bench, bench/RESULTS.md)
            throw new ConfigException(ROCKSDB_WRITE_BUFFER_BYTES, memtables, "must be at most half of "
                    + ROCKSDB_BLOCK_CACHE_BYTES + " (" + cache + "), which the memtables are charged to");
        }
    }

    /** Defaults, then {@code file} (may be null), then ATTUNE_* variables of {@code environment}, then {@code args}. */
    public static StreamsAppConfig load(Path file, Map<String, String> environment, String... args) throws IOException {
        Properties properties = new Properties();
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
        }
        return new StreamsAppConfig(EnvironmentOverrides.merge(properties, environment, args));
    }

    /** The Kafka Streams properties: our Kafka keys, every key we do not define, and the settings we insist on. */
    @SuppressWarnings("deprecation") // the global-handler switch is deprecated only because 5.0 turns it on for good
    public Properties streamsProperties() {
        Properties props = new Properties();
        originals().forEach((key, value) -> {
            if (!DEFINITION.names().contains(key) && value != null) {
                props.put(key, value);
            }
        });
        props.put(BOOTSTRAP_SERVERS, getString(BOOTSTRAP_SERVERS));
        props.put(APPLICATION_ID, getString(APPLICATION_ID));
        props.put(STATE_DIR, stateDir());
        props.put(NUM_STANDBY_REPLICAS, getInt(NUM_STANDBY_REPLICAS));
        props.put(PROCESSING_GUARANTEE, getString(PROCESSING_GUARANTEE));
        if (!StreamsConfig.AT_LEAST_ONCE.equals(getString(PROCESSING_GUARANTEE))) {
            // under exactly-once a list is readable only once its transaction commits: half Kafka Streams' 100 ms
            props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, DEFAULT_EOS_COMMIT_INTERVAL_MS);
        }
        props.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, defaultStreamThreads());
        props.put(REPLICATION_FACTOR, getInt(REPLICATION_FACTOR));
        String server = getString(APPLICATION_SERVER);
        if (!server.isBlank()) {
            props.put(APPLICATION_SERVER, server);
        }
        // Bounded, shared RocksDB memory; the setter reads the two sizes from these same properties.
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDbConfig.class.getName());
        props.put(ROCKSDB_BLOCK_CACHE_BYTES, getLong(ROCKSDB_BLOCK_CACHE_BYTES));
        props.put(ROCKSDB_WRITE_BUFFER_BYTES, getLong(ROCKSDB_WRITE_BUFFER_BYTES));
        // A record that makes a processor throw (a bug, or input our validators did not foresee) goes to the
        // dead-letter topic with Kafka's own error headers instead of stopping every user's partition;
        // a registry outage fails the thread instead, so the record is retried (DeadLetterOrRetryHandler).
        props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOrRetryHandler.class.getName());
        props.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler");
        props.putIfAbsent(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, getString(TOPIC_DEAD_LETTER));
        // Our global-store processors skip bad records themselves; opting in now is the Kafka 5.0 default.
        props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return props;
    }

    public String stateDir() {
        String dir = getString(STATE_DIR);
        return dir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "attune-streams").toString() : dir;
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL);
    }

    public String topic(String key) {
        return getString(key);
    }

    public Duration duration(String key) {
        return Duration.ofMillis(getLong(key));
    }

    /** The weight of one event kind: its magnitude; DISLIKE and SKIP act as negative feedback of that weight. */
    public double kindWeight(EventKind kind) {
        return getDouble(weightKey(kind));
    }

    public static String weightKey(EventKind kind) {
        return INTEREST_WEIGHT_PREFIX + kind.name().toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The documentation of every key, for the README and {@code --help}. */
    public static String documentation() {
        return DEFINITION.toRst();
    }

    /** Test helper: defaults with a few overrides. */
    public static StreamsAppConfig of(Map<String, ?> overrides) {
        return new StreamsAppConfig(new HashMap<>(overrides));
    }

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef()
                .define(BOOTSTRAP_SERVERS, Type.STRING, "localhost:9092", Importance.HIGH,
                        "Kafka bootstrap servers.")
                .define(SCHEMA_REGISTRY_URL, Type.STRING, "http://localhost:8081/apis/ccompat/v7", Importance.HIGH,
                        "Confluent-compatible schema registry (http(s)://...) or mock://scope for tests.")
                .define(APPLICATION_ID, Type.STRING, "attune-streams", Importance.HIGH,
                        "Kafka Streams application id: consumer group, prefix of internal topics and state directory.")
                .define(STATE_DIR, Type.STRING, "", Importance.HIGH,
                        "Where RocksDB state lives. Empty: <java.io.tmpdir>/attune-streams. Use a persistent volume in production.")
                .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.MEDIUM,
                        "Port of the REST endpoint (interactive queries) on this instance.")
                .define(APPLICATION_SERVER, Type.STRING, "", Importance.MEDIUM,
                        "host:port other instances use to reach this one's REST endpoint; empty on a single instance.")
                .define(NUM_STANDBY_REPLICAS, Type.INT, 1, Range.atLeast(0), Importance.MEDIUM,
                        "Warm copies of each store on other instances, so a failover does not replay the changelog.")
                .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                        ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.MEDIUM,
                        "exactly_once_v2 (default): a crash never loses or double-applies an interest update.")
                .define(REPLICATION_FACTOR, Type.INT, -1, Importance.LOW,
                        "Replication factor of internal topics; -1 uses the broker default.")
                .define(TOPIC_CLICKS, Type.STRING, Topics.CLICKS, Importance.MEDIUM, "Input: ClickEvent by user id.")
                .define(TOPIC_QUERY_VECTORS, Type.STRING, Topics.QUERY_VECTORS, Importance.MEDIUM,
                        "Input: QueryVector by user id. Must have as many partitions as the clicks topic.")
                .define(TOPIC_ITEM_VECTORS, Type.STRING, Topics.ITEM_VECTORS, Importance.MEDIUM,
                        "Input: ItemVector by item id (compacted), read in full by every instance.")
                .define(TOPIC_TERM_VECTORS, Type.STRING, Topics.TERM_VECTORS, Importance.MEDIUM,
                        "Input: TermVector by term (compacted), read in full by every instance; names interests.")
                .define(TOPIC_RECOMMENDATIONS, Type.STRING, Topics.RECOMMENDATIONS, Importance.MEDIUM,
                        "Output: Recommendations by user id.")
                .define(TOPIC_EXPLANATION_REQUESTS, Type.STRING, Topics.EXPLANATION_REQUESTS, Importance.MEDIUM,
                        "Output: ExplanationRequest by user id.")
                .define(TOPIC_DEAD_LETTER, Type.STRING, Topics.DEAD_LETTER, Importance.MEDIUM,
                        "Output: records that could not be processed, original bytes, reason in headers.")
                .define(VECTOR_MODEL, Type.STRING, "all-MiniLM-L6-v2", Importance.HIGH,
                        "Model id every input vector must carry; vectors of another model are dead-lettered.")
                .define(VECTOR_DIMENSION, Type.INT, 384, Range.between(1, 4096), Importance.HIGH,
                        "Dimension every input vector must have.")
                .define(INTEREST_MAX, Type.INT, 8, Range.between(1, 64), Importance.HIGH,
                        "K: most interests per user. The K+1-th merges the closest pair or evicts the weakest.")
                .define(INTEREST_ASSIGN_THRESHOLD, Type.DOUBLE, 0.5, Range.between(-1, 1), Importance.HIGH,
                        "Cosine similarity at or above which an event joins its nearest interest instead of opening a new one.")
                .define(INTEREST_MERGE_MIN_SIMILARITY, Type.DOUBLE, 0.25, Range.between(-1, 1), Importance.MEDIUM,
                        "When over K, the closest pair is merged if at least this similar; otherwise the weakest older interest is evicted.")
                .define(INTEREST_HALF_LIFE_MS, Type.LONG, Duration.ofDays(7).toMillis(), Range.atLeast(1), Importance.HIGH,
                        "Half-life of interest strength in event time (default 7 days).")
                .define(INTEREST_SOFTMAX_TEMPERATURE, Type.DOUBLE, 1.0, Range.atLeast(0.01), Importance.HIGH,
                        "Temperature of the softmax over log-strengths that gives interest weights: 1 = proportional to strength, below 1 favours the strongest.")
                .define(INTEREST_MIN_STRENGTH, Type.DOUBLE, 0.05, Range.atLeast(0), Importance.LOW,
                        "An interest weakened by negative feedback below this strength is dropped.")
                .define(INTEREST_EVIDENCE_MAX, Type.INT, 3, Range.between(0, 20), Importance.LOW,
                        "Supporting events kept per interest (for explanations).")
                .define(INTEREST_CENTROID_BITS, Type.INT, 4, ConfigDef.LambdaValidator.with((name, value) -> {
                            if (!List.of(8, 6, 4).contains(value)) {
                                throw new ConfigException(name, value, "must be 8, 6 or 4");
                            }
                        }, () -> "8, 6 or 4"), Importance.LOW,
                        "Bits per component of a stored interest centroid: 4 (192 bytes at 384-d), 6 (288) or 8 (384);"
                                + " states of any width read under all. Centroids move by strength-weighted steps re-quantised on"
                                + " every update, so a coarser code stops a strong interest moving sooner: on the validation stage"
                                + " of bench/ offline quality 6 bits alone cost 0.0035 Recall@50, and together with"
                                + " interest.recent.max 50 nothing (bench/RESULTS.md, 2026-11-30 evening); 4 bits with 30 recent"
                                + " interactions: warm Recall@50 +0.0018, NDCG@50 -0.0008 against 6 bits (2026-12-01 late night)."
                                + " 4 keeps a MovieLens user's state in all stores under 4 KB at the median.")
                .define(INTEREST_SEEN_FILTER_VERSION, Type.INT, 3, Range.between(1, 3), Importance.LOW,
                        "Scheme of the seen filters of new users: 3 (fingerprints, 0.6-0.76 of the bytes of a Bloom"
                                + " filter), 2 (Bloom; releases before 2026-12-02 read no newer) or 1 (Bloom; releases"
                                + " before 2026-11-30 (night) read no newer). During a rolling upgrade from an older release"
                                + " set the newest it reads, until none runs. Existing filters keep their scheme; all are read.")
                .define(INTEREST_STORE_FORMAT, Type.INT, 2, Range.between(1, 2), Importance.LOW,
                        "Format of the states the user-interests store keeps: 2 (compact: times relative to the state's"
                                + " clock, strengths as floats, 4-bit vectors Huffman coded; a MovieLens user's state a quarter"
                                + " smaller) or 1 (the UserInterests Avro record), which releases before 2026-12-02"
                                + " (evening) read: set 1 during a rolling upgrade from them, until none runs. Both are read.")
                .define(INTEREST_RECENT_MAX, Type.INT, 30, Range.between(0, 10_000), Importance.MEDIUM,
                        "Recent interactions kept per user (newest first, about 11 bytes each): where the co-occurrence"
                                + " term finds the user's last cooccurrence.window positive items, and the REST view's history."
                                + " Seen items are filtered by the user's all-seen filter, not by this list."
                                + " 50 (was 100) was chosen with interest.centroid.bits on the validation stage of bench/ offline"
                                + " quality; 30 (2026-12-01 late night) measured the same there (warm Recall@50 equal, NDCG@50"
                                + " -0.0005) for ≈220 fewer bytes a MovieLens user; 25 and 20 cost 0.003 NDCG@50.")
                .define(INTEREST_QUERY_WEIGHT, Type.DOUBLE, 2.0, Range.atLeast(0), Importance.MEDIUM,
                        "Weight of a whole query; each facet gets this times its facet weight.")
                .define(DWELL_REFERENCE_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                        "Dwell time that leaves an event's weight unchanged; the factor is sqrt(dwell/reference).")
                .define(DWELL_MIN_FACTOR, Type.DOUBLE, 0.5, Range.atLeast(0), Importance.LOW, "Lower clamp of the dwell factor.")
                .define(DWELL_MAX_FACTOR, Type.DOUBLE, 2.0, Range.atLeast(0), Importance.LOW, "Upper clamp of the dwell factor.")
                .define(NEGATIVE_MAX, Type.INT, 8, Range.between(0, 256), Importance.LOW,
                        "Negative signals kept per user. A disliked item is kept by id (about 20 bytes of state; its vector is in the catalogue); a negative facet, or a signal that absorbed several events, keeps a 4-bit vector (about 240 bytes).")
                .define(NEGATIVE_MERGE_THRESHOLD, Type.DOUBLE, 0.8, Range.between(-1, 1), Importance.LOW,
                        "A negative event this similar to a kept negative signal reinforces it instead of adding one.")
                .define(NEGATIVE_HALF_LIFE_MS, Type.LONG, Duration.ofDays(14).toMillis(), Range.atLeast(1), Importance.LOW,
                        "Half-life of negative signals in event time.")
                .define(NEGATIVE_PENALTY, Type.DOUBLE, 1.5, Range.atLeast(0), Importance.MEDIUM,
                        "Score penalty of an item identical to a full-strength negative signal (relevance is a cosine, so 1.5 removes close neighbours of a disliked item and only demotes its wider genre).")
                .define(NEGATIVE_SIMILARITY_FLOOR, Type.DOUBLE, 0.4, Range.between(-1, 0.99), Importance.MEDIUM,
                        "Items less similar than this to a negative signal are not penalised; the penalty grows linearly above it.")
                .define(LABEL_TERMS, Type.INT, 2, Range.between(1, 5), Importance.LOW, "Vocabulary terms in an interest label.")
                .define(LABEL_MIN_SIMILARITY, Type.DOUBLE, 0.2, Range.between(-1, 1), Importance.LOW,
                        "Terms less similar than this are not used; with none left the label is the newest evidence.")
                .define(RECOMMEND_TOP_N, Type.INT, 20, Range.between(1, 500), Importance.HIGH, "N: items per list.")
                .define(RECOMMEND_STORE_FORMAT, Type.INT, 2, Range.between(1, 2), Importance.LOW,
                        "Format of the lists the user-recommendations store keeps: 2 (without titles, which a read takes"
                                + " from the catalogue: about a third of the bytes) or 1 (the recommendations topic's Avro"
                                + " record), which the REST layer of releases before 2026-12-01 (late night) reads: set 1"
                                + " during a rolling upgrade from them, until none runs. Both are read.")
                .define(RECOMMEND_CANDIDATE_POOL, Type.INT, 100, Range.atLeast(1), Importance.MEDIUM,
                        "Candidates fetched from the vector index per refresh, split over interests by weight (a new"
                                + " user's one interest asks for all of them: the search's cost grows with it). 30, 50, 100"
                                + " and 200 gave the same validation figures for lists of 20 and 50, warm and cold: the popular"
                                + " and co-occurring candidates fill MovieLens lists. 50 did not lower the stream threads'"
                                + " CPU per event under aged freshness traffic, so 100 stays for catalogues whose lists content"
                                + " must carry (bench/RESULTS.md, 2026-12-02).")
                .define(RECOMMEND_MIN_QUOTA, Type.INT, 10, Range.atLeast(1), Importance.MEDIUM,
                        "Least candidates per interest, so a minor interest is never drowned by a major one.")
                .define(RECOMMEND_MMR_LAMBDA, Type.DOUBLE, 0.75, Range.between(0, 1), Importance.MEDIUM,
                        "MMR trade-off: 1 = relevance only, lower = more diverse lists.")
                .define(RECOMMEND_COMPOSITE_BLEND, Type.DOUBLE, 0.2, Range.between(0, 1), Importance.LOW,
                        "Share of an item's relevance that comes from the composite (weighted sum of interests) rather than its own interest.")
                .define(RECOMMEND_POPULARITY_WEIGHT, Type.DOUBLE, 2.0, Range.between(0, 100), Importance.MEDIUM,
                        "Weight of the popularity prior added to relevance: weight * log(1 + n) / log(1 + max n), n = an item's"
                        + " positive clicks (not views) counted by this partition's users (item-click-counts). 0 = content only."
                        + " Default chosen on the validation stage of bench/ offline quality (MovieLens latest-small).")
                .define(RECOMMEND_POPULARITY_CANDIDATES, Type.INT, 100, Range.between(0, 10_000), Importance.MEDIUM,
                        "The most clicked unseen items added to the candidates of every refresh (vector search alone never"
                        + " fetches them when they lie far from every interest). 0 = none.")
                .define(RECOMMEND_COOCCURRENCE_WEIGHT, Type.DOUBLE, 1.5, Range.between(0, 100), Importance.MEDIUM,
                        "Weight of the co-occurrence (\"users who liked this also liked\") term added to relevance: weight * s / max s,"
                        + " s(c) = sum over the user's last cooccurrence.window positive items j of c(j, c) / sqrt(n(j) n(c)),"
                        + " c = co-occurrence counts (item-cooccurrence), n = positive clicks (item-click-counts), both counted"
                        + " by this partition's users. 0 = off. Default chosen with recommend.popularity.weight on the validation"
                        + " stage of bench/ offline quality (MovieLens latest-small).")
                .define(RECOMMEND_COOCCURRENCE_CANDIDATES, Type.INT, 100, Range.between(0, 10_000), Importance.MEDIUM,
                        "The unseen items of highest co-occurrence score s added to the candidates of every refresh. 0 = none.")
                .define(COOCCURRENCE_WINDOW, Type.INT, 10, Range.between(0, 1_000), Importance.MEDIUM,
                        "A positive click pairs its item with the user's this many most recent positive items (of the"
                        + " interest.recent.max interactions kept, so fewer when some of those are views or negative feedback),"
                        + " and a refresh sums the co-occurrences of that many. 0 = no counting. A click's cost grows with it"
                        + " (up to window + 1 co-occurrence rows rewritten at the next commit); 10 had the best validation"
                        + " figures of 5 to 50 (bench/RESULTS.md, 2026-12-01).")
                .define(COOCCURRENCE_TOP_K, Type.INT, 200, Range.between(1, 10_000), Importance.LOW,
                        "Co-occurring items kept per item (space-saving top-K: when full, a new item replaces the least"
                        + " counted one and inherits its count + 1); bounds each item's row to about 8 bytes per entry for"
                        + " short ids (15 in row format 1).")
                .define(COOCCURRENCE_ROW_FORMAT, Type.INT, 3, Range.between(1, 3), Importance.LOW,
                        "Format of the co-occurrence rows this release writes: 3 (2, and a commit writes only what changed"
                                + " in a row since it was last written whole, while that is under a quarter of its entries),"
                                + " 2 (varints, about half the bytes of 1; whole rows) or 1, which releases before 2026-12-01"
                                + " read. During a rolling upgrade set what the oldest running release writes, until none runs:"
                                + " 2 for releases before 2026-12-01 (late night), which read rows but not their deltas. Rows"
                                + " of every format are read.")
                .define(COOCCURRENCE_CACHE_ROWS, Type.INT, 2_048, Range.atLeast(1), Importance.LOW,
                        "Co-occurrence rows each stream task keeps decoded in memory, the most recently used (rows changed"
                                + " since the last commit stay until it writes them): every refresh reads up to"
                                + " cooccurrence.window rows, and every positive click changes up to window + 1. About 12 bytes"
                                + " an entry, so up to about 5 MB per task at cooccurrence.top.k 200.")
                .define(REFRESH_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(0), Importance.MEDIUM,
                        "Per-user refresh throttle: the first change refreshes at once, later ones at most once per interval (wall clock), "
                                + "the last of them always reflected by a trailing refresh.")
                .define(REFRESH_MAX_PER_SECOND, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                        "Most refreshes per second per stream task (0: no cap). A refresh (retrieval + MMR) costs far more than "
                                + "an interest update, so above this rate changed users wait, marked due in a store, and are "
                                + "refreshed in turn from their latest state: input keeps flowing and lists lag instead.")
                .define(REFRESH_POPULARITY_MAX_AGE_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                        "How old (wall clock) the click counts a refresh reads may be: each task's refreshes read an item's"
                                + " count from its stores once per this interval and then from memory (0: from the stores at"
                                + " every refresh: one store read per candidate). The prior moves slowly; under a busy task's"
                                + " refreshes most of the catalogue is read again each interval (at 1 s those reads were an"
                                + " eighth of the stream threads' time at 1,000 events/s; at 5 s, in a refresh's prior and"
                                + " co-occurrence normalisation, 12% of the stream threads' samples at 700 events/s, 2.3% at"
                                + " 30 s; bench/RESULTS.md 2026-12-01 and 2026-12-02, morning).")
                .define(REFRESH_CACHE_BYTES, Type.LONG, 128L << 20, Range.atLeast(0), Importance.LOW,
                        "Heap for the last vector-search hits of recently refreshed interests, one cache shared by all "
                                + "stream tasks of the instance (Caffeine's eviction: recency and frequency), so that a refresh "
                                + "searches only the interests that changed (a click moves one); hits are found by centroid, "
                                + "so users whose interest came from the same item or query share one search. An interest's "
                                + "hits take about 0.6-1.0 KB (4 bytes per candidate fetched, a reference to the catalogue's "
                                + "item; the searched centroid's 8-bit codes; the cache entry), counted twice while both of "
                                + "the cache's indexes hold them: the heap held stays under this (/metrics: "
                                + "attune_refresh_cache_heap_bytes). 0 = search every interest on every refresh. Under the "
                                + "freshness bench's 100k users at 700 events/s (2 tasks), 128 MiB left 0.35 interests searched a "
                                + "refresh and 64 MiB 0.51 (a cache of 5,000 users per task before: 1.0-1.3), the heap live "
                                + "after collections 47 and 30 MB above that one's (bench/RESULTS.md 2026-12-02, morning).")
                .define(REFRESH_CACHE_NEARBY_MIN_COSINE, Type.DOUBLE, 0.995, Range.between(0.0, 1.0), Importance.LOW,
                        "How close (cosine) an interest's centroid must stay to the one its cached hits were searched with "
                                + "for a refresh to reuse them, re-ranked by where the centroid is now, instead of searching "
                                + "again (a click on a long history moves its interest a little). 1 = only an unmoved centroid "
                                + "reuses hits. At 0.995 re-ranked hits share 0.993 of a fresh search's quota (0.99: 0.979), "
                                + "and returning users with long histories search half as often (0.148 vs 0.306 interests a "
                                + "click, aged 10k users); mixed traffic of 100k users, most with short histories whose "
                                + "interests move far, 4% less (bench/RESULTS.md 2026-12-02, early morning).")
                .define(EXPLANATION_PROMPT_VERSION, Type.STRING, "v1", Importance.LOW,
                        "Prompt template version; part of the deduplication key, so a new version re-explains.")
                .define(EXPLANATION_DEDUP_WINDOW_MS, Type.LONG, Duration.ofDays(7).toMillis(), Range.atLeast(0), Importance.MEDIUM,
                        "The same (user, item, interest, prompt version) is explained at most once per window.")
                .define(EXPLANATION_DEDUP_MAX_PER_USER, Type.INT, 128, Range.atLeast(0), Importance.LOW,
                        "Most explanations per user the dedup window remembers (about 7 bytes each in the user's record), the "
                                + "oldest forgotten first: a user explained more often than that within a window may have "
                                + "the oldest explained again. 0 = remember none (only items that stay in the list are "
                                + "not explained again).")
                .define(EXPLANATION_HISTORY_FORMAT, Type.INT, 3, Range.between(1, 3), Importance.LOW,
                        "Format of the explanation-history records this release writes: 3 (each entry's time as seconds"
                                + " after the one before: ~0.85 of format 2's bytes for a heavy user), 2 (32-bit entries, times"
                                + " to the second: under half of format 1's bytes), which releases before 2026-12-02 (evening)"
                                + " read, or 1, which releases before 2026-12-01 (late night) read: during a rolling upgrade set"
                                + " the newest the oldest running release reads, until none runs (with 1 they see the new"
                                + " instances' entries as unknown and may ask once more for an explanation). All are read.")
                .define(EXPLANATION_MAX_PER_REFRESH, Type.INT, 5, Range.atLeast(0), Importance.MEDIUM,
                        "Most explanation requests per refresh (the best-ranked new items first): tokens cost money.")
                .define(EXPLANATION_ITEM_CACHE, Type.INT, 4_096, Range.atLeast(0), Importance.LOW,
                        "Items whose text (title, description, tags, categories) an instance keeps decoded for "
                        + "explanation requests, most recently used first; the rest are read from the catalogue store "
                        + "(a store read and a decode of the whole item, its vector included). 0 = read every time.")
                .define(PENDING_TIMEOUT_MS, Type.LONG, Duration.ofMinutes(5).toMillis(), Range.atLeast(0), Importance.MEDIUM,
                        "How long a click waits for its item's vector before it is dead-lettered (ITEM_VECTOR_TIMEOUT).")
                .define(PENDING_MAX_PER_TASK, Type.INT, 10_000, Range.atLeast(0), Importance.LOW,
                        "Most waiting clicks per task; beyond it clicks are dead-lettered (PENDING_OVERFLOW).")
                .define(PENDING_CHECK_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
                        "How often (wall clock) waiting clicks are checked against the catalogue.")
                .define(MAX_FUTURE_SKEW_MS, Type.LONG, Duration.ofHours(1).toMillis(), Range.atLeast(0), Importance.MEDIUM,
                        "Events whose time is further than this ahead of the wall clock are dead-lettered (FUTURE_TIMESTAMP).")
                .define(ROCKSDB_BLOCK_CACHE_BYTES, Type.LONG, DEFAULT_ROCKSDB_BLOCK_CACHE_BYTES, Range.atLeast(1024 * 1024), Importance.MEDIUM,
                        "One block cache shared by every RocksDB store of this JVM (index and filter blocks included).")
                .define(ROCKSDB_WRITE_BUFFER_BYTES, Type.LONG, DEFAULT_ROCKSDB_WRITE_BUFFER_BYTES, Range.atLeast(1024 * 1024), Importance.MEDIUM,
                        "Memtable budget of all stores, charged to the block cache by a shared write-buffer manager: at most "
                                + "half of " + ROCKSDB_BLOCK_CACHE_BYTES + ".");
        for (EventKind kind : EventKind.values()) {
            if (kind != EventKind.UNKNOWN) {
                def.define(weightKey(kind), Type.DOUBLE, defaultWeight(kind), Range.atLeast(0), Importance.MEDIUM,
                        "Weight of a " + kind + " event" + (isNegative(kind) ? " (negative feedback)." : "."));
            }
        }
        return def;
    }

    /** DISLIKE and SKIP push away; every other known kind pulls toward the item. */
    public static boolean isNegative(EventKind kind) {
        return kind == EventKind.DISLIKE || kind == EventKind.SKIP;
    }

    private static double defaultWeight(EventKind kind) {
        return switch (kind) {
            case VIEW -> 0.5;
            case CLICK -> 1.0;
            case LIKE -> 2.0;
            case ADD_TO_CART -> 3.0;
            case PURCHASE -> 4.0;
            case DISLIKE -> 2.0;
            case SKIP -> 0.5;
            case UNKNOWN -> 0.0;
        };
    }
}
