package dev.attune.bench.quality;

import dev.attune.bench.quality.baseline.ItemCooccurrence;
import dev.attune.bench.quality.baseline.MeanVector;
import dev.attune.bench.quality.baseline.MostPopular;
import dev.attune.bench.quality.baseline.Recommender;
import dev.attune.bench.quality.baseline.Sweep;
import dev.attune.bench.quality.data.MovieLensData;
import dev.attune.bench.quality.metrics.ResultTable;
import dev.attune.bench.quality.metrics.Scoreboard;
import dev.attune.bench.quality.protocol.Interaction;
import dev.attune.bench.quality.protocol.Split;
import dev.attune.bench.quality.protocol.UserCase;
import dev.attune.config.EnvironmentOverrides;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Offline quality: replays a MovieLens-format dataset through the Attune engine and the baselines under one
 * protocol and prints one table per user group (warm users, cold-start users).
 *
 * <p>Arguments: {@code key=value} settings ({@link QualityEvalConfig} for {@code quality.*}; any other key is an
 * engine override), or {@code --data DIR} for {@code quality.data.dir}. Environment variables
 * {@code ATTUNE_QUALITY_...} work too (EnvironmentOverrides).
 */
public final class QualityEval {

    private QualityEval() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = EnvironmentOverrides.merge(new Properties(), System.getenv(), normalise(args));
        QualityEvalConfig config = new QualityEvalConfig(QualityEvalConfig.own(settings));
        String report = run(config, QualityEvalConfig.engineOverrides(settings));
        System.out.println(report);
        String out = config.getString(QualityEvalConfig.OUTPUT_FILE);
        if (!out.isEmpty()) {
            Files.writeString(Path.of(out), report);
        }
    }

    static String run(QualityEvalConfig config, Map<String, String> engineOverrides) throws Exception {
        long start = System.nanoTime();
        Path dataDir = Path.of(config.getString(QualityEvalConfig.DATA_DIR));
        MovieLensData data = MovieLensData.load(dataDir);
        Catalogue catalogue = new Catalogue(new ArrayList<>(data.movies().keySet()));

        EmbeddedCatalogue embedded = EmbeddedCatalogue.build(data, catalogue, config);
        long embeddedAt = System.nanoTime();

        List<Interaction> interactions = Split.interactions(data.ratings(),
                config.getDouble(QualityEvalConfig.POSITIVE_MIN_RATING), config.getDouble(QualityEvalConfig.NEGATIVE_MAX_RATING));
        Split split = new Split(config.getDouble(QualityEvalConfig.TRAIN_FRACTION),
                config.getDouble(QualityEvalConfig.COLD_START_USER_FRACTION),
                config.getInt(QualityEvalConfig.COLD_START_EVENTS), config.getLong(QualityEvalConfig.SEED));
        Split.Stage stage = Split.Stage.valueOf(config.getString(QualityEvalConfig.STAGE).toUpperCase(Locale.ROOT));
        Split.Plan plan = split.plan(interactions, stage);

        List<Recommender> recommenders = new ArrayList<>();
        EngineRecommender engine = null;
        if (config.getBoolean(QualityEvalConfig.ENGINE)) {
            engine = EngineRecommender.start(embedded, config, engineOverrides);
            recommenders.add(engine);
            for (String weight : config.getList(QualityEvalConfig.POPULARITY_WEIGHTS)) {
                recommenders.add(engine.withPopularityWeight(Double.parseDouble(weight.trim())));
            }
            for (String pair : config.getList(QualityEvalConfig.WEIGHT_PAIRS)) {
                String[] w = pair.trim().split(":");
                recommenders.add(engine.withWeights(Double.parseDouble(w[0]), Double.parseDouble(w[1])));
            }
        }
        recommenders.add(new MostPopular(catalogue));
        recommenders.add(new MeanVector(catalogue));
        recommenders.add(new ItemCooccurrence(catalogue, config.getInt(QualityEvalConfig.COOCCURRENCE_WINDOW)));

        Map<String, Map<String, List<String>>> lists;
        String engineNote = "";
        try {
            lists = Sweep.run(recommenders, plan.training(), plan.cases(), Scoreboard.K_LARGE);
            if (engine != null) {
                engineNote = String.format(Locale.ROOT, "Engine: %d records dead-lettered%n", engine.deadLetters());
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
        long replayedAt = System.nanoTime();

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Dataset %s: %d items, %d ratings (%d of unknown items dropped), stage %s, "
                        + "%d training events%n", dataDir, catalogue.size(), data.ratings().size(), data.droppedRatings(),
                stage.name().toLowerCase(Locale.ROOT), plan.training().size()));
        String trainPart = pct(config.getDouble(QualityEvalConfig.TRAIN_FRACTION)) + " of "
                + (stage == Split.Stage.TEST ? "events" : "the training part");
        report.append(section("Warm users (first " + trainPart + " build interests)", false, plan.cases(), recommenders,
                lists, catalogue));
        report.append(section("Cold-start users (first " + config.getInt(QualityEvalConfig.COLD_START_EVENTS)
                + " events only)", true, plan.cases(), recommenders, lists, catalogue));
        report.append(String.format(Locale.ROOT, "%nTimings: load+embed %.1f s (vector cache: %d hits, %d embedded), "
                        + "replay+rank %.1f s, total %.1f s%n", (embeddedAt - start) / 1e9, embedded.cacheHits(),
                embedded.cacheMisses(), (replayedAt - embeddedAt) / 1e9, (System.nanoTime() - start) / 1e9));
        report.append(engineNote);
        if (!engineOverrides.isEmpty()) {
            report.append("Engine overrides: ").append(new java.util.TreeMap<>(engineOverrides)).append('\n');
        }
        return report.toString();
    }

    private static String section(String title, boolean cold, List<UserCase> cases, List<Recommender> recommenders,
                                  Map<String, Map<String, List<String>>> lists, Catalogue catalogue) {
        List<Scoreboard.Result> rows = new ArrayList<>();
        for (Recommender r : recommenders) {
            Scoreboard board = new Scoreboard(r.name(), catalogue.size(), catalogue::vector);
            for (UserCase c : cases) {
                if (c.coldStart() == cold) {
                    board.add(c, lists.get(r.name()).get(c.userId()));
                }
            }
            rows.add(board.result());
        }
        return "\n### " + title + "\n\n" + ResultTable.markdown(rows);
    }

    private static String pct(double fraction) {
        return Math.round(fraction * 100) + "%";
    }

    /** {@code --data DIR} and {@code --data=DIR} to {@code quality.data.dir=DIR}; other arguments as they are. */
    static String[] normalise(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--data") && i + 1 < args.length) {
                out.add(QualityEvalConfig.DATA_DIR + "=" + args[++i]);
            } else if (a.startsWith("--data=")) {
                out.add(QualityEvalConfig.DATA_DIR + "=" + a.substring("--data=".length()));
            } else if (!a.isBlank()) {
                out.add(a);
            }
        }
        return out.toArray(new String[0]);
    }
}
