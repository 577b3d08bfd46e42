package dev.attune.bench.quality;

import dev.attune.bench.quality.baseline.Recommender;
import dev.attune.bench.quality.data.Movie;
import dev.attune.bench.quality.engine.EngineReplay;
import dev.attune.bench.quality.protocol.Interaction;
import dev.attune.bench.quality.protocol.UserCase;
import dev.attune.bench.quality.vectors.ItemTexts;
import dev.attune.schema.EventKind;
import dev.attune.schema.ItemVector;
import dev.attune.schema.RecommendedItem;
import dev.attune.schema.TermVector;
import dev.attune.schema.Vector;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.recommend.RecommenderParams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Attune itself under the protocol: every item and vocabulary term goes in as the embedding worker would
 * write it, each training event as a click (positive = LIKE, negative = DISLIKE, neutral = VIEW or nothing),
 * and a user's list is the engine's own latest list at their split time.
 */
public final class EngineRecommender implements Recommender, AutoCloseable {

    /** The engine's list length for the run: the protocol scores the top 50. */
    public static final int ENGINE_TOP_N = 50;

    private static final int PROGRESS_EVERY = 100;

    private final EngineReplay engine;
    private final RecommenderParams params;
    private final boolean primary;
    private final boolean neutralAsView;
    private final String name;
    private final long startNanos = System.nanoTime();
    private int ranked;

    private EngineRecommender(EngineReplay engine, RecommenderParams params, boolean primary, boolean neutralAsView,
                              String name) {
        this.engine = engine;
        this.params = params;
        this.primary = primary;
        this.neutralAsView = neutralAsView;
        this.name = name;
    }

    /**
     * Another row from the same replay: the engine's lists with {@code recommend.popularity.weight} = {@code weight}
     * (everything else as this one). It observes nothing itself; this recommender feeds the shared topology.
     */
    public EngineRecommender withPopularityWeight(double weight) {
        return new EngineRecommender(engine, params.withPopularityWeight(weight), false, neutralAsView,
                String.format(Locale.ROOT, "Attune, recommend.popularity.weight=%s", weight));
    }

    /** Another row from the same replay with both {@code recommend.popularity.weight} and {@code recommend.cooccurrence.weight}. */
    public EngineRecommender withWeights(double popularity, double cooccurrence) {
        return new EngineRecommender(engine, params.withPopularityWeight(popularity).withCooccurrenceWeight(cooccurrence),
                false, neutralAsView, String.format(Locale.ROOT,
                        "Attune, recommend.popularity.weight=%s, recommend.cooccurrence.weight=%s", popularity, cooccurrence));
    }

    /** Starts the topology with the engine's defaults, a few replay settings, then {@code overrides}. */
    public static EngineRecommender start(EmbeddedCatalogue embedded, QualityEvalConfig config,
                                          Map<String, String> overrides) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, "mock://attune-quality");
        settings.put(StreamsAppConfig.APPLICATION_ID, "attune-quality");
        settings.put(StreamsAppConfig.RECOMMEND_TOP_N, ENGINE_TOP_N);
        settings.put(StreamsAppConfig.VECTOR_MODEL, embedded.modelId());
        settings.put(StreamsAppConfig.VECTOR_DIMENSION, embedded.dimension());
        settings.putAll(overrides);
        EngineReplay engine = new EngineReplay(settings);
        try {
            loadCatalogue(engine, embedded);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        String name = overrides.isEmpty() ? "Attune (default config)" : "Attune (with overrides)";
        return new EngineRecommender(engine, engine.params(), true, config.getBoolean(QualityEvalConfig.NEUTRAL_AS_VIEW), name);
    }

    private static void loadCatalogue(EngineReplay engine, EmbeddedCatalogue embedded) {
        Instant epoch = Instant.EPOCH;
        String model = engine.config().getString(StreamsAppConfig.VECTOR_MODEL);
        Catalogue catalogue = embedded.catalogue();
        for (Movie m : embedded.movies().values()) {
            engine.item(new ItemVector(m.itemId(), vector(model, catalogue.vector(m.itemId())), m.title(), null,
                    m.tags(), m.genres(), epoch, epoch));
        }
        for (EmbeddedCatalogue.Term t : embedded.terms()) {
            engine.term(ItemTexts.termKey(t.term()), new TermVector(t.term(), t.source(), vector(model, t.vector())));
        }
        if (engine.indexedItems() != catalogue.size()) {
            throw new IllegalStateException("the engine indexed " + engine.indexedItems() + " of " + catalogue.size()
                    + " items; " + engine.deadLetters() + " records were dead-lettered");
        }
    }

    private static Vector vector(String model, float[] v) {
        List<Float> values = new ArrayList<>(v.length);
        for (float x : v) {
            values.add(x);
        }
        return new Vector(model, v.length, values);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void observe(Interaction event) {
        if (!primary) {
            return;
        }
        EventKind kind = switch (event.feedback()) {
            case POSITIVE -> EventKind.LIKE;
            case NEGATIVE -> EventKind.DISLIKE;
            case NEUTRAL -> neutralAsView ? EventKind.VIEW : null;
        };
        if (kind != null) {
            engine.click(event.userId(), event.itemId(), kind, event.timeMillis());
        }
    }

    @Override
    public List<String> recommend(UserCase user, int k) {
        if (primary && ++ranked % PROGRESS_EVERY == 0) {
            System.err.printf(Locale.ROOT, "[quality] engine: %d users ranked, %.0f s%n",
                    ranked, (System.nanoTime() - startNanos) / 1e9);
        }
        List<String> out = new ArrayList<>(k);
        // the engine filters everything the user interacted with; this guards the protocol against its seen
        // filter's misses (there are none by construction) and against items the user rated without a click
        for (RecommendedItem item : engine.recommend(user.userId(), params)) {
            if (out.size() == k) {
                break;
            }
            if (!user.seen().contains(item.getItemId())) {
                out.add(item.getItemId());
            }
        }
        return out;
    }

    /** The replay, for recommenders that read the engine's state (the proposal prototypes). */
    public EngineReplay replay() {
        return engine;
    }

    /** Dead-lettered records so far; the evaluator reports it, since a nonzero count means lost input. */
    public long deadLetters() {
        return engine.deadLetters();
    }

    @Override
    public void close() throws java.io.IOException {
        if (primary) {
            engine.close();
        }
    }
}
