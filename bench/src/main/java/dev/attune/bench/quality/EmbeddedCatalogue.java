package dev.attune.bench.quality;

import dev.attune.bench.quality.data.Movie;
import dev.attune.bench.quality.data.MovieLensData;
import dev.attune.bench.quality.vectors.ItemTexts;
import dev.attune.bench.quality.vectors.TextEmbedder;
import dev.attune.bench.quality.vectors.VectorCache;
import dev.attune.schema.TermSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dataset's items and vocabulary with their vectors from the embedding worker's own encoder and item-text
 * rules, through the on-disk cache: what the worker would have written to item-vectors and term-vectors.
 */
public final class EmbeddedCatalogue {

    /** A vocabulary term (a genre or a tag) and its vector. */
    public record Term(String term, TermSource source, float[] vector) {
    }

    private final Catalogue catalogue;
    private final Map<String, Movie> movies;
    private final List<Term> terms;
    private final String modelId;
    private final int cacheHits;
    private final int cacheMisses;

    private EmbeddedCatalogue(Catalogue catalogue, Map<String, Movie> movies, List<Term> terms, String modelId,
                              int cacheHits, int cacheMisses) {
        this.catalogue = catalogue;
        this.movies = movies;
        this.terms = terms;
        this.modelId = modelId;
        this.cacheHits = cacheHits;
        this.cacheMisses = cacheMisses;
    }

    /** A catalogue whose vectors are already set (tests, or vectors from elsewhere). */
    public static EmbeddedCatalogue of(Catalogue catalogue, Map<String, Movie> movies, List<Term> terms, String modelId) {
        return new EmbeddedCatalogue(catalogue, movies, terms, modelId, 0, 0);
    }

    /** Embeds every movie (and every genre and tag as a term) and sets the vectors on {@code catalogue}. */
    public static EmbeddedCatalogue build(MovieLensData data, Catalogue catalogue, QualityEvalConfig config) throws Exception {
        boolean withTags = config.getBoolean(QualityEvalConfig.ITEM_TAGS);
        Map<String, Movie> movies = new LinkedHashMap<>();
        data.movies().forEach((id, m) -> movies.put(id, withTags ? m : new Movie(id, m.title(), m.genres(), List.of())));

        try (TextEmbedder embedder = ItemTexts.openEmbedder(config.getString(QualityEvalConfig.MODEL))) {
            VectorCache cache = new VectorCache(Path.of(config.getString(QualityEvalConfig.CACHE_DIR)), embedder.modelId());
            Map<String, String> textById = new LinkedHashMap<>();
            movies.forEach((id, m) -> textById.put(id, ItemTexts.itemText(m)));
            Map<String, float[]> itemVectors = cache.vectors(new ArrayList<>(textById.values()), embedder);
            textById.forEach((id, text) -> catalogue.setVector(id, itemVectors.get(text)));

            Map<String, TermSource> vocabulary = new LinkedHashMap<>();
            movies.values().forEach(m -> m.genres().forEach(g -> vocabulary.putIfAbsent(g, TermSource.CATEGORY)));
            movies.values().forEach(m -> m.tags().forEach(t -> vocabulary.putIfAbsent(t, TermSource.TAG)));
            Map<String, String> termTexts = new LinkedHashMap<>();
            vocabulary.keySet().forEach(t -> termTexts.put(t, ItemTexts.termText(t)));
            Map<String, float[]> termVectors = cache.vectors(new ArrayList<>(termTexts.values()), embedder);
            List<Term> terms = new ArrayList<>();
            vocabulary.forEach((t, source) -> terms.add(new Term(t, source, termVectors.get(termTexts.get(t)))));
            return new EmbeddedCatalogue(catalogue, movies, terms, embedder.modelId(), cache.hits(), cache.misses());
        }
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public Map<String, Movie> movies() {
        return movies;
    }

    public List<Term> terms() {
        return terms;
    }

    public String modelId() {
        return modelId;
    }

    /** Dimension of every vector (taken from the first item). */
    public int dimension() {
        return catalogue.vector(0).length;
    }

    public int cacheHits() {
        return cacheHits;
    }

    public int cacheMisses() {
        return cacheMisses;
    }
}
