package dev.attune.worker.query;

import dev.attune.schema.Polarity;
import dev.attune.vector.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Decomposes a query into a few weighted facets, choosing among {@link QueryPhrases#candidates} with the
 * model itself (KeyBERT-style): positive phrases by Maximal Marginal Relevance, i.e. similarity to the
 * whole query minus similarity to phrases already chosen, so the facets cover different parts of the
 * request; phrases sharing a word with a chosen one are skipped. Every negated clause becomes a NEGATIVE
 * facet. Weights are each facet's similarity to the whole query, normalised to sum to 1.
 */
public final class QueryDecomposer {

    /** A chosen facet: the phrase, its unit vector, its weight (facets of a query sum to 1) and polarity. */
    public record Facet(String phrase, float[] vector, float weight, Polarity polarity) {
    }

    private static final float MIN_WEIGHT = 0.05f;

    private final int maxFacets;
    private final int maxNegative;
    private final float relevance;
    private final float minSimilarity;

    /**
     * @param maxFacets     most facets per query, negative ones included
     * @param maxNegative   most NEGATIVE facets per query
     * @param relevance     MMR trade-off in [0, 1]: 1 ranks by similarity to the query only, lower favours diversity
     * @param minSimilarity a positive phrase less similar than this to the whole query is not a facet
     */
    public QueryDecomposer(int maxFacets, int maxNegative, double relevance, double minSimilarity) {
        this.maxFacets = maxFacets;
        this.maxNegative = maxNegative;
        this.relevance = (float) relevance;
        this.minSimilarity = (float) minSimilarity;
    }

    public List<Candidate> candidates(String query) {
        return maxFacets <= 0 ? List.of() : QueryPhrases.candidates(query);
    }

    /**
     * The facets of {@code query}, empty when the query is a single phrase (its whole vector says it all).
     *
     * @param whole      the query's unit vector
     * @param candidates from {@link #candidates}
     * @param vectorOf   the unit vector of a candidate phrase
     */
    public List<Facet> decompose(String query, float[] whole, List<Candidate> candidates, Function<String, float[]> vectorOf) {
        List<Facet> chosen = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.polarity() == Polarity.NEGATIVE && chosen.size() < Math.min(maxNegative, maxFacets)) {
                float[] v = vectorOf.apply(c.phrase());
                chosen.add(new Facet(c.phrase(), v, Vectors.dot(v, whole), Polarity.NEGATIVE));
            }
        }
        List<Candidate> pool = new ArrayList<>(candidates.stream().filter(c -> c.polarity() == Polarity.POSITIVE).toList());
        List<Facet> positives = new ArrayList<>();
        Set<String> usedWords = new HashSet<>();
        while (chosen.size() + positives.size() < maxFacets && !pool.isEmpty()) {
            Candidate best = null;
            float bestScore = Float.NEGATIVE_INFINITY;
            float bestSim = 0;
            for (Candidate c : pool) {
                float[] v = vectorOf.apply(c.phrase());
                float sim = Vectors.dot(v, whole);
                float redundancy = 0;
                for (Facet f : positives) {
                    redundancy = Math.max(redundancy, Vectors.dot(v, f.vector()));
                }
                float score = relevance * sim - (1 - relevance) * redundancy;
                if (sim >= minSimilarity && score > bestScore) {
                    best = c;
                    bestScore = score;
                    bestSim = sim;
                }
            }
            if (best == null) {
                break;
            }
            positives.add(new Facet(best.phrase(), vectorOf.apply(best.phrase()), bestSim, Polarity.POSITIVE));
            usedWords.addAll(words(best.phrase()));
            pool.removeIf(c -> !java.util.Collections.disjoint(words(c.phrase()), usedWords));
        }
        if (chosen.isEmpty() && positives.size() == 1
                && QueryPhrases.key(positives.get(0).phrase()).equals(QueryPhrases.key(query))) {
            return List.of();
        }
        positives.addAll(chosen);
        return normalise(positives);
    }

    private static List<Facet> normalise(List<Facet> facets) {
        float sum = 0;
        for (Facet f : facets) {
            sum += Math.max(f.weight(), MIN_WEIGHT);
        }
        List<Facet> out = new ArrayList<>(facets.size());
        for (Facet f : facets) {
            out.add(new Facet(f.phrase(), f.vector(), Math.max(f.weight(), MIN_WEIGHT) / sum, f.polarity()));
        }
        return out;
    }

    private static List<String> words(String phrase) {
        return Arrays.asList(phrase.toLowerCase(Locale.ROOT).split("\\s+"));
    }
}
