package dev.attune.worker.config;

import dev.attune.kafka.Topics;
import dev.attune.serde.SerdeFactory;
import dev.attune.worker.model.ModelPreset;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * The embedding worker's settings: name, type, default, validator and documentation of each key. Keys
 * this class does not define (e.g. {@code security.protocol}) are handed to the Kafka clients as they are.
 * Environment variables map onto the same keys ({@code ATTUNE_BATCH_MAX_SIZE}, {@code ATTUNE_KAFKA_*}).
 */
public final class WorkerConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = SerdeFactory.REGISTRY_URL_CONFIG;
    public static final String APPLICATION_ID = "application.id";
    public static final String INSTANCE_ID = "instance.id";
    public static final String MODEL_PRESET = "model.preset";
    public static final String MODEL_DIR = "model.dir";
    public static final String ENGINE = "engine";
    public static final String DEVICE = "device";
    public static final String TOPIC_ITEMS = "topic.items";
    public static final String TOPIC_QUERIES = "topic.queries";
    public static final String TOPIC_ITEM_VECTORS = "topic.item.vectors";
    public static final String TOPIC_QUERY_VECTORS = "topic.query.vectors";
    public static final String TOPIC_TERM_VECTORS = "topic.term.vectors";
    public static final String TOPIC_DEAD_LETTER = "topic.dead.letter";
    public static final String BATCH_MAX_SIZE = "batch.max.size";
    public static final String BATCH_LINGER_MS = "batch.linger.ms";
    public static final String POLL_TIMEOUT_MS = "poll.timeout.ms";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String TEXT_MAX_CHARS = "text.max.chars";
    public static final String QUERY_CACHE_SIZE = "query.cache.size";
    public static final String TERM_CACHE_SIZE = "term.cache.size";
    public static final String FACETS_MAX = "facets.max";
    public static final String FACETS_MAX_NEGATIVE = "facets.max.negative";
    public static final String FACETS_RELEVANCE = "facets.relevance";
    public static final String FACETS_MIN_SIMILARITY = "facets.min.similarity";
    public static final String METRICS_PORT = "metrics.port";
    public static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.LIST, "localhost:9092", Importance.HIGH, "Kafka brokers to bootstrap from.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Confluent-compatible schema registry (http://host:port/apis/ccompat/v7), or mock://scope in tests.")
            .define(APPLICATION_ID, Type.STRING, "attune-embedding-worker", Importance.HIGH,
                    "Consumer group of all worker instances, and the prefix of their transactional ids.")
            .define(INSTANCE_ID, Type.STRING, "", Importance.HIGH,
                    "This instance's stable name (default: the host name). Its transactional id is <application.id>-<instance.id>;"
                            + " a restarted instance must keep it so that its unfinished transaction is aborted at once.")
            .define(MODEL_PRESET, Type.STRING, ModelPreset.ALL_MINILM_L6_V2.id(), Importance.HIGH,
                    "Pretrained encoder: " + ModelPreset.names() + ". Sets pooling, prefixes and token limit.")
            .define(MODEL_DIR, Type.STRING, "", Importance.MEDIUM,
                    "Optional directory with the model file (<preset>.onnx / model.onnx, or <preset>.pt / model.pt for PyTorch)"
                            + " and optionally tokenizer.json; empty uses the preset's model shipped on the classpath.")
            .define(ENGINE, Type.STRING, "OnnxRuntime", ValidString.in("OnnxRuntime", "PyTorch"), Importance.HIGH,
                    "DJL engine: OnnxRuntime (CPU) or PyTorch (TorchScript; the GPU path).")
            .define(DEVICE, Type.STRING, "auto", ValidString.in("auto", "cpu", "gpu"), Importance.MEDIUM,
                    "auto picks the GPU when the engine sees one.")
            .define(TOPIC_ITEMS, Type.STRING, Topics.ITEMS, Importance.MEDIUM, "Input: ItemEvent by item id.")
            .define(TOPIC_QUERIES, Type.STRING, Topics.QUERIES, Importance.MEDIUM, "Input: QueryEvent by user id.")
            .define(TOPIC_ITEM_VECTORS, Type.STRING, Topics.ITEM_VECTORS, Importance.MEDIUM, "Output: ItemVector by item id.")
            .define(TOPIC_QUERY_VECTORS, Type.STRING, Topics.QUERY_VECTORS, Importance.MEDIUM, "Output: QueryVector by user id.")
            .define(TOPIC_TERM_VECTORS, Type.STRING, Topics.TERM_VECTORS, Importance.MEDIUM, "Output: TermVector by normalised term.")
            .define(TOPIC_DEAD_LETTER, Type.STRING, Topics.DEAD_LETTER, Importance.MEDIUM, "Output: records that could not be embedded.")
            .define(BATCH_MAX_SIZE, Type.INT, 32, Range.between(1, 4096), Importance.MEDIUM,
                    "Most texts per model call; also the most records taken from one poll (max.poll.records).")
            .define(BATCH_LINGER_MS, Type.INT, 5, Range.atLeast(0), Importance.MEDIUM,
                    "After a poll returns records, how long to keep polling for more before running the model; a lone"
                            + " query waits at most this long (0: never wait).")
            .define(POLL_TIMEOUT_MS, Type.INT, 200, Range.atLeast(1), Importance.LOW, "How long an idle poll blocks.")
            .define(COMMIT_INTERVAL_MS, Type.INT, 100, Range.atLeast(0), Importance.MEDIUM,
                    "While more records are waiting, one transaction spans model batches until it is this old (as Kafka"
                            + " Streams' commit.interval.ms under exactly-once); with nothing waiting it commits at once, so a"
                            + " lone query never waits for it. 0: one transaction per batch.")
            .define(TEXT_MAX_CHARS, Type.INT, 8192, Range.atLeast(16), Importance.MEDIUM,
                    "Text longer than this is cut before tokenising (the model then truncates to its token limit); never rejected.")
            .define(QUERY_CACHE_SIZE, Type.INT, 10_000, Range.atLeast(0), Importance.MEDIUM,
                    "Recent query and facet texts whose vectors are kept, so repeated queries skip the model (0: off).")
            .define(TERM_CACHE_SIZE, Type.INT, 100_000, Range.atLeast(0), Importance.LOW,
                    "Terms already written to the term topic, remembered so each is embedded once per instance lifetime.")
            .define(FACETS_MAX, Type.INT, 4, Range.between(0, 16), Importance.MEDIUM, "Most facets per query (0: no decomposition).")
            .define(FACETS_MAX_NEGATIVE, Type.INT, 2, Range.between(0, 16), Importance.LOW, "Most negative facets per query.")
            .define(FACETS_RELEVANCE, Type.DOUBLE, 0.6, Range.between(0.0, 1.0), Importance.LOW,
                    "MMR trade-off for choosing facets: 1 ranks by similarity to the query alone, lower favours diverse phrases.")
            .define(FACETS_MIN_SIMILARITY, Type.DOUBLE, 0.15, Range.between(-1.0, 1.0), Importance.LOW,
                    "A phrase less similar than this to its whole query is not a facet.")
            .define(METRICS_PORT, Type.INT, 9464, Range.between(-1, 65535), Importance.MEDIUM,
                    "HTTP port of /metrics (Prometheus text) and /health; 0 picks a free port, -1 turns it off.")
            .define(TRANSACTION_TIMEOUT_MS, Type.INT, 30_000, Range.atLeast(1000), Importance.LOW,
                    "Producer transaction timeout: how long an instance that died mid-batch blocks read_committed"
                            + " readers of its partitions if it never comes back under the same instance.id.");

    public WorkerConfig(Map<String, ?> props) {
        super(DEFINITION, props, false);
    }

    public ModelPreset preset() {
        try {
            return ModelPreset.named(getString(MODEL_PRESET));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(MODEL_PRESET, getString(MODEL_PRESET), e.getMessage());
        }
    }

    public String transactionalId() {
        String instance = getString(INSTANCE_ID);
        if (instance.isBlank()) {
            try {
                instance = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                throw new ConfigException(INSTANCE_ID + " is empty and the host name is unknown; set it");
            }
        }
        return getString(APPLICATION_ID) + "-" + instance;
    }

    /** Settings not defined here, for the Kafka clients (e.g. security.*, sasl.*, client.rack). */
    public Map<String, Object> clientPassThrough() {
        Map<String, Object> out = new HashMap<>();
        originals().forEach((k, v) -> {
            if (!DEFINITION.names().contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
