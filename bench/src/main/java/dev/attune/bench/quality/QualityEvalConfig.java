package dev.attune.bench.quality;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The evaluator's own settings ({@code quality.*}). Every other key given to the evaluator is passed to the
 * engine's configuration unchanged, so an engine parameter can be tried without code.
 */
public final class QualityEvalConfig extends AbstractConfig {

    public static final String PREFIX = "quality.";

    public static final String DATA_DIR = "quality.data.dir";
    public static final String CACHE_DIR = "quality.cache.dir";
    public static final String STAGE = "quality.stage";
    public static final String TRAIN_FRACTION = "quality.train.fraction";
    public static final String POSITIVE_MIN_RATING = "quality.positive.min.rating";
    public static final String NEGATIVE_MAX_RATING = "quality.negative.max.rating";
    public static final String NEUTRAL_AS_VIEW = "quality.neutral.as.view";
    public static final String COLD_START_USER_FRACTION = "quality.cold.start.user.fraction";
    public static final String COLD_START_EVENTS = "quality.cold.start.events";
    public static final String SEED = "quality.seed";
    public static final String COOCCURRENCE_WINDOW = "quality.cooccurrence.window";
    public static final String ITEM_TAGS = "quality.item.tags";
    public static final String ENGINE = "quality.engine";
    public static final String MODEL = "quality.model";
    public static final String POPULARITY_WEIGHTS = "quality.engine.popularity.weights";
    public static final String WEIGHT_PAIRS = "quality.engine.weights";
    public static final String OUTPUT_FILE = "quality.output.file";

    public static final ConfigDef DEF = new ConfigDef()
            .define(DATA_DIR, Type.STRING, "../shared/data/movielens/ml-latest-small", Importance.HIGH,
                    "Directory of a MovieLens-format dataset (movies.csv, ratings.csv, optional tags.csv). "
                            + "Relative paths are resolved against the working directory.")
            .define(CACHE_DIR, Type.STRING, Path.of(System.getProperty("user.home"), ".cache", "attune", "vectors").toString(),
                    Importance.MEDIUM, "Where item and term vectors are cached, keyed by model and text hash.")
            .define(STAGE, Type.STRING, "test", ValidString.in("test", "validation"), Importance.HIGH,
                    "test: the first train.fraction of each user's events build interests, later positives are targets. "
                            + "validation: the same cut inside the training part only (for tuning; never touches test targets).")
            .define(TRAIN_FRACTION, Type.DOUBLE, 0.8, Range.between(0.05, 0.95), Importance.MEDIUM,
                    "Fraction of each user's events, by time, that builds their interests.")
            .define(POSITIVE_MIN_RATING, Type.DOUBLE, 4.0, Importance.MEDIUM,
                    "Ratings at or above this are positive: a LIKE click, and a target when in the held-out part.")
            .define(NEGATIVE_MAX_RATING, Type.DOUBLE, 2.0, Importance.MEDIUM,
                    "Ratings at or below this are negative: a DISLIKE.")
            .define(NEUTRAL_AS_VIEW, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Send ratings between the thresholds to the engine as VIEW events (true), or not at all (false). "
                            + "Either way they count as seen and are never targets.")
            .define(COLD_START_USER_FRACTION, Type.DOUBLE, 0.1, Range.between(0.0, 0.9), Importance.MEDIUM,
                    "Fraction of users held out as cold-start users (chosen by a seeded shuffle).")
            .define(COLD_START_EVENTS, Type.INT, 5, Range.atLeast(1), Importance.MEDIUM,
                    "Number of first events that build a cold-start user's interests.")
            .define(SEED, Type.LONG, 42L, Importance.LOW, "Seed of the cold-start user choice.")
            .define(COOCCURRENCE_WINDOW, Type.INT, 50, Range.atLeast(1), Importance.LOW,
                    "Co-occurrence baseline: likes this close in a user's sequence co-occur; also how many recent likes score.")
            .define(ITEM_TAGS, Type.BOOLEAN, true, Importance.LOW,
                    "Include tags.csv tags in the item text (tags carry no user or time in the item text, "
                            + "but some were written after a user's split time).")
            .define(MODEL, Type.STRING, "all-MiniLM-L6-v2", Importance.MEDIUM,
                    "The embedding worker's model preset that embeds items and terms (the engine's vector.model follows it).")
            .define(POPULARITY_WEIGHTS, Type.LIST, "", Importance.LOW,
                    "Extra engine rows from the same replay, one per recommend.popularity.weight given here (empty: none); "
                    + "for choosing the default on the validation stage.")
            .define(WEIGHT_PAIRS, Type.LIST, "", Importance.LOW,
                    "Extra engine rows from the same replay, one per popularity:cooccurrence pair given here (e.g. 5:0,2:1),"
                    + " setting recommend.popularity.weight and recommend.cooccurrence.weight (empty: none); for choosing the"
                    + " defaults on the validation stage. Co-occurrence rows need recommend.cooccurrence.candidates > 0.")
            .define(ENGINE, Type.BOOLEAN, true, Importance.MEDIUM, "Evaluate the Attune engine (false: baselines only).")
            .define(OUTPUT_FILE, Type.STRING, "", Importance.LOW, "Also write the result tables to this file (empty: stdout only).");

    public QualityEvalConfig(Map<String, ?> props) {
        super(DEF, props);
    }

    /** Splits merged settings into the evaluator's own ({@code quality.*}) and the engine overrides (the rest). */
    public static Map<String, String> engineOverrides(Map<String, String> all) {
        Map<String, String> engine = new HashMap<>();
        all.forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                engine.put(k, v);
            }
        });
        return engine;
    }

    public static Map<String, String> own(Map<String, String> all) {
        Map<String, String> own = new HashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                own.put(k, v);
            }
        });
        return own;
    }
}
