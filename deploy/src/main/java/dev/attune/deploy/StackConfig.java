package dev.attune.deploy;

import dev.attune.config.EnvironmentOverrides;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The options of {@code ./attune up}. Each is a key here ({@code http.port}), a flag on the command
 * line ({@code --http-port 8080}, a bare {@code --fresh} means true) and an environment variable
 * ({@code ATTUNE_HTTP_PORT}); flags win over the environment. Relative paths are relative to the
 * repository root.
 */
public final class StackConfig extends AbstractConfig {

    public static final String DATA_DIR = "data.dir";
    public static final String FRESH = "fresh";
    public static final String RELOAD = "reload";
    public static final String MOVIELENS_DIR = "data";
    public static final String USERS = "users";
    public static final String SPEED = "speed";
    public static final String MAX_GAP_MS = "max.gap.ms";
    public static final String PARTITIONS = "partitions";
    public static final String INSTANCES = "instances";
    public static final String BROKER_PORT = "broker.port";
    public static final String CONTROLLER_PORT = "controller.port";
    public static final String REGISTRY_PORT = "registry.port";
    public static final String HTTP_PORT = "http.port";
    public static final String WORKER_PORT = "worker.port";
    public static final String MODEL = "model";
    public static final String WAIT_FOR_VECTORS_MS = "wait.for.vectors.ms";

    /** "max" replays as fast as the broker takes it. */
    public static final String SPEED_MAX = "max";

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(DATA_DIR, Type.STRING, ".attune", Importance.HIGH,
                    "Where every process keeps its data and logs (broker log, registry export, streams state). Delete it, or pass --fresh, to start over.")
            .define(FRESH, Type.BOOLEAN, false, Importance.HIGH,
                    "Wipe the data directory first. Otherwise the broker's topics and the streams state are reused and the data set is not loaded twice.")
            .define(RELOAD, Type.BOOLEAN, false, Importance.LOW,
                    "Load the data set again even though this data directory already holds it (clicks are then applied twice).")
            .define(MOVIELENS_DIR, Type.STRING, "../shared/data/movielens/ml-latest-small", Importance.HIGH,
                    "The MovieLens latest-small directory (movies.csv, ratings.csv, tags.csv). 'none' starts the stack without loading anything.")
            .define(USERS, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                    "Replay only the first N users (by id) and the movies they rated; 0 replays all 610.")
            .define(SPEED, Type.STRING, SPEED_MAX, ConfigDef.LambdaValidator.with(StackConfig::validateSpeed, () -> "max or a positive number"),
                    Importance.HIGH,
                    "Replay speed: 'max' sends as fast as possible; a number is a factor of real time, so the page changes while you watch (86400 = a day of ratings per second; all of MovieLens then takes about 95 minutes, 1000000 about 12).")
            .define(MAX_GAP_MS, Type.LONG, 2000L, Range.atLeast(0), Importance.LOW,
                    "With a speed factor, the longest wall-clock pause between two events: MovieLens has months-long gaps that would otherwise stall the replay.")
            .define(PARTITIONS, Type.INT, 4, Range.between(1, 1000), Importance.MEDIUM,
                    "Partitions of every Attune topic (created on first start; existing topics keep theirs).")
            .define(INSTANCES, Type.INT, 1, Range.between(1, 16), Importance.MEDIUM,
                    "Streams app instances; 2 or more shows interactive queries routed to the owner. Instance i serves REST on http.port + i.")
            .define(BROKER_PORT, Type.INT, 9092, Range.between(0, 65535), Importance.MEDIUM, "Kafka listener port (0 picks a free one).")
            .define(CONTROLLER_PORT, Type.INT, 9093, Range.between(0, 65535), Importance.LOW, "KRaft controller port (0 picks a free one).")
            .define(REGISTRY_PORT, Type.INT, 8081, Range.between(0, 65535), Importance.MEDIUM, "Schema registry port (0 picks a free one).")
            .define(HTTP_PORT, Type.INT, 7070, Range.between(0, 65535), Importance.MEDIUM,
                    "REST and page port of the first streams app instance; the next ones use the following ports (0 picks free ones).")
            .define(WORKER_PORT, Type.INT, 9464, Range.between(0, 65535), Importance.LOW,
                    "The embedding worker's /metrics and /health port (0 picks a free one).")
            .define(MODEL, Type.STRING, "", Importance.MEDIUM,
                    "Embedding model preset id, all-MiniLM-L6-v2 or bge-small-en-v1.5: the worker embeds with it and the streams app expects its vectors (empty: the services' default, all-MiniLM-L6-v2).")
            .define(WAIT_FOR_VECTORS_MS, Type.LONG, 600_000L, Range.atLeast(0), Importance.LOW,
                    "How long the loader waits for the worker to embed the catalogue before it replays clicks (clicks on items without a vector are held by the streams app, not lost).");

    public StackConfig(Map<String, ?> values) {
        super(DEFINITION, values);
    }

    /** Parses {@code --key value}, {@code --key=value} and bare {@code --flag} arguments over the environment. */
    public static StackConfig fromArgs(List<String> args, Map<String, String> environment) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("unexpected argument '" + arg + "' (options look like --speed max)");
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String key = keyOf(eq >= 0 ? body.substring(0, eq) : body);
            if (eq >= 0) {
                pairs.add(key + "=" + body.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                pairs.add(key + "=" + args.get(++i));
            } else {
                pairs.add(key + "=true");
            }
        }
        Map<String, String> merged = EnvironmentOverrides.merge(new Properties(), environment, pairs.toArray(String[]::new));
        merged.keySet().retainAll(DEFINITION.names());
        return new StackConfig(merged);
    }

    /** {@code --http-port} stands for {@code http.port}; {@code --data} for the MovieLens directory. */
    static String keyOf(String flag) {
        String key = flag.replace('-', '.');
        if (!DEFINITION.names().contains(key)) {
            throw new ConfigException("unknown option --" + flag + "; known: " + String.join(", ",
                    DEFINITION.names().stream().sorted().map(n -> "--" + n.replace('.', '-')).toList()));
        }
        return key;
    }

    private static void validateSpeed(String name, Object value) {
        String text = String.valueOf(value).strip();
        if (text.equalsIgnoreCase(SPEED_MAX)) {
            return;
        }
        try {
            if (Double.parseDouble(text) > 0) {
                return;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(name, value, "expected 'max' or a positive factor of real time");
    }

    /** The replay speed factor, or 0 for as fast as possible. */
    public double speedFactor() {
        String text = getString(SPEED).strip();
        return text.equalsIgnoreCase(SPEED_MAX) ? 0 : Double.parseDouble(text);
    }

    public Path resolve(Path repoRoot, String key) {
        return repoRoot.resolve(getString(key)).normalize();
    }

    public boolean loadsData() {
        return !getString(MOVIELENS_DIR).equalsIgnoreCase("none");
    }

    /** One line per option, for --help. */
    public static String help() {
        StringBuilder text = new StringBuilder();
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            text.append(String.format("  --%-20s %s (default: %s)%n", key.name.replace('.', '-'), key.documentation,
                    key.defaultValue));
        }
        return text.toString();
    }
}
