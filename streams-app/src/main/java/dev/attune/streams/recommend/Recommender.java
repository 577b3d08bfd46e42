package dev.attune.streams.recommend;

import dev.attune.schema.RecommendedItem;
import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.catalogue.VectorIndex;
import dev.attune.streams.model.InterestModel;
import dev.attune.streams.model.InterestState;
import dev.attune.streams.model.NegativeState;
import dev.attune.streams.model.SeenFilter;
import dev.attune.streams.model.UserState;
import dev.attune.vector.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.numbers.arrays.Selection;

/**
 * A user's top-N (DESIGN.md "Recommendations"):
 * <ol>
 *   <li>candidates from the ANN index, per interest, with a quota proportional to the interest's
 *       weight but never below a minimum, so a minor interest is not drowned by a major one;</li>
 *   <li>plus the most clicked items ({@link ItemPopularity}), which vector search alone never fetches
 *       when they lie far from every interest;</li>
 *   <li>plus the items that most co-occur with the user's recent positive items ({@link ItemCooccurrence},
 *       "users who liked this also liked"), which need not be near any interest either;</li>
 *   <li>items the user ever interacted with (including rejected ones; {@link dev.attune.streams.model.SeenFilter})
 *       are filtered out;</li>
 *   <li>relevance = similarity to the candidate's nearest interest, blended with similarity to
 *       the composite, minus a penalty that grows with similarity to remembered negatives, plus a
 *       popularity prior {@code weight * log(1 + n) / log(1 + max n)}, plus a co-occurrence term
 *       {@code weight * s / max s} (see {@link #cooccurrenceScores});</li>
 *   <li>maximal marginal relevance picks N items, trading relevance against similarity to the
 *       items already picked.</li>
 * </ol>
 */
public final class Recommender {

    /** Hits a filtered vector search asks for beyond an interest's quota. */
    private static final int SEARCH_MARGIN = 10;
    /** Seen items from which retrieval filters them inside the vector search instead of over-fetching. */
    private static final int FILTER_FROM_SEEN = 2 * SEARCH_MARGIN;
    /** Seen items the popular-candidate scan may step over, at most. */
    private static final int MAX_POPULAR_SKIPPED = 1_000;

    private final RecommenderParams params;
    private final InterestModel model;
    private final Catalogue catalogue;
    private final MmrReranker mmr;
    /**
     * {@code catalogue::item}, made once: made at each lookup, a method reference per co-occurring item was 332 MB of
     * the 8.6 GB the freshness bench's process allocated in 47 s (JFR, bench/RESULTS.md 2026-12-02, late morning).
     */
    private final Function<String, VectorIndex.Item> itemOf;

    public Recommender(RecommenderParams params, InterestModel model, Catalogue catalogue) {
        this.params = params;
        this.model = model;
        this.catalogue = catalogue;
        this.mmr = new MmrReranker(params.mmrLambda());
        this.itemOf = catalogue::item;
    }

    private static final class Candidate {
        final String itemId;
        final float[] vector;
        /** The item's slot in the catalogue ({@link VectorIndex.Item#slot}). */
        final int slot;
        InterestState interest;
        /** The co-occurrence score in [0, 1] ({@link #cooccurrenceScores}), 0 when none. */
        double together;
        double relevance;

        Candidate(VectorIndex.Item item) {
            this.itemId = item.id();
            this.vector = item.vector();
            this.slot = item.slot();
        }
    }

    /** The user's list by content alone (no popularity counts). */
    public List<RecommendedItem> recommend(UserState user) {
        return recommend(user, ItemPopularity.NONE);
    }

    public List<RecommendedItem> recommend(UserState user, ItemPopularity popularity) {
        return recommend(user, popularity, ItemCooccurrence.NONE);
    }

    public List<RecommendedItem> recommend(UserState user, ItemPopularity counts, ItemCooccurrence cooccurrence) {
        return recommend(user, counts, cooccurrence, RetrievalCache.NONE);
    }

    /**
     * The list, reusing {@code cache}'s hits of centroids searched before: an interest unchanged since the user's
     * last refresh, another user's identical one, or the user's same interest moved a little (re-ranked by where it
     * is now).
     */
    public List<RecommendedItem> recommend(UserState user, ItemPopularity counts, ItemCooccurrence cooccurrence,
            RetrievalCache cache) {
        if (user.interests().isEmpty()) {
            return List.of();
        }
        ItemPopularity popularity = MemoizedPopularity.of(counts);
        double[] weights = model.weights(user, user.clock());
        float compositeLength = InterestModel.compositeLength(user, weights);
        long version = catalogue.version(); // read before searching: a write during the search makes the hits stale
        Pool pool = retrieve(user, weights, user.seen(), popularity, cache, version);
        if (params.cooccurrenceWeight() != 0) {
            addCooccurring(pool, cooccurrenceScores(user, popularity, cooccurrence), popularity, cooccurrence, version);
        }
        for (Candidate c : pool.byId.values()) {
            score(c, user, weights, compositeLength, popularity);
            c.relevance += params.cooccurrenceWeight() * c.together;
        }
        return diversify(new ArrayList<>(pool.byId.values()));
    }

    /** The candidates in the order found (vector search, then popular items). */
    private Pool retrieve(UserState user, double[] weights, SeenFilter seen, ItemPopularity popularity,
            RetrievalCache cache, long version) {
        Pool pool = new Pool(params.candidatePool() + weights.length * SEARCH_MARGIN + params.popularityCandidates()
                + params.cooccurrenceCandidates());
        for (int i = 0; i < weights.length; i++) {
            InterestState interest = user.interests().get(i);
            int quota = Math.max(params.minQuota(), (int) Math.round(params.candidatePool() * weights[i]));
            long centroidHash = RetrievalCache.hash(interest.centroid());
            RetrievalCache.Hits hits = cache.find(centroidHash, version, user.userId());
            List<Candidate> taken = hits == null ? null : take(hits, quota, seen, false);
            RetrievalCache.Source source = RetrievalCache.Source.SAME_CENTROID;
            if (taken == null) {
                // the interest moved: its last hits, if it stayed near where they were searched, re-ranked
                RetrievalCache.Hits near = cache.nearby(user.userId(), interest.id(), interest.centroid(), version);
                hits = near == null ? null : RetrievalCache.reranked(near, interest.centroid(), centroidHash);
                taken = hits == null ? null : take(hits, quota, seen, false);
                source = RetrievalCache.Source.NEARBY_CENTROID;
            }
            if (taken == null) {
                hits = search(interest.centroid(), quota, user.userId(), seen, version);
                // what a fresh search finds is what there is, even short of the quota (a seen-filter false positive
                // among a short history's hits, an item deleted since the search)
                taken = take(hits, quota, seen, true);
                source = RetrievalCache.Source.SEARCH;
            }
            if (source != RetrievalCache.Source.SAME_CENTROID) {
                // found by this centroid from now on, and offered to this interest once it moves (hits found by
                // centroid are already: this interest's own since they were searched or re-ranked for it, or another
                // user's, met by a new interest born of a shared item or query, whose next move is seldom near)
                cache.put(hits);
                cache.remember(user.userId(), interest.id(), hits);
            }
            cache.count(source);
            taken.forEach(pool::putIfAbsent);
        }
        if (params.popularityCandidates() > 0) {
            addPopular(pool, seen, popularity, version);
        }
        return pool;
    }

    /**
     * The interest's nearest items, searched for its quota and what the seen filter may remove from them. Only the
     * search of a long history leaves the user's seen items out: its hits serve that user only.
     */
    private RetrievalCache.Hits search(float[] centroid, int quota, String userId, SeenFilter seen, long version) {
        if (seen.size() <= FILTER_FROM_SEEN) {
            // a short history: asking for the seen items too costs less than filtering every visited node
            int k = quota + seen.size();
            List<VectorIndex.Hit> hits = catalogue.nearest(centroid, k);
            return RetrievalCache.of(RetrievalCache.codes(centroid), version, hits, hits.size() < k, null);
        }
        // seen items are stepped over inside the graph walk; a few extra hits widen the walk's beam as the hits the
        // seen ones used to take did, and keep the nearest quota as they were
        int k = quota + SEARCH_MARGIN;
        List<VectorIndex.Hit> hits = catalogue.nearest(centroid, k, seen::mightContain, seen.size());
        return RetrievalCache.of(RetrievalCache.codes(centroid), version, hits, hits.size() < k, userId);
    }

    /**
     * The first {@code quota} unseen hits. Fewer are returned when the hits are {@code fresh} or the index held no
     * more; otherwise (hits cached before the user saw some of them) null: search again. Hits are of the catalogue's
     * current version (cached ones are dropped when it changes); an item deleted during this refresh is left out of
     * the list by {@link #diversify} (no title).
     */
    private List<Candidate> take(RetrievalCache.Hits hits, int quota, SeenFilter seen, boolean fresh) {
        List<Candidate> taken = new ArrayList<>(quota);
        VectorIndex.Item[] items = hits.items();
        for (int i = 0; i < items.length && taken.size() < quota; i++) {
            if (!seen.mightContainHashed(items[i].seenHash())) {
                taken.add(new Candidate(items[i]));
            }
        }
        return taken.size() == quota || hits.exhaustive() || fresh ? taken : null;
    }

    /** The most clicked unseen items with a vector, up to {@code recommend.popularity.candidates}. */
    private void addPopular(Pool pool, SeenFilter seen, ItemPopularity popularity, long version) {
        if (!(popularity instanceof MemoizedPopularity memoized)) {
            return; // no counts (ItemPopularity.NONE): no popular items
        }
        int wanted = params.popularityCandidates();
        int scan = wanted + Math.min(seen.size(), MAX_POPULAR_SKIPPED);
        // the same items for every refresh of this task within the counts' age (RecentPopularity)
        MemoizedPopularity.PopularItems popular = memoized.mostClickedWithVectors(scan, version, itemOf);
        int scanned = Math.min(popular.ids.length, scan);
        int added = 0;
        for (int i = 0; i < scanned && added < wanted; i++) {
            String id = popular.ids[i];
            VectorIndex.Item item = popular.items[i];
            if (item == null || seen.mightContainHashed(item.seenHash()) || pool.byId.containsKey(id)) {
                continue;
            }
            pool.putIfAbsent(new Candidate(item));
            added++;
        }
    }

    /**
     * The collaborative score of every unseen item that co-occurs with one of the user's last
     * {@code cooccurrence.window} positive items: the sum of {@code c(j, i) / sqrt(n(j) n(i))} over those items j
     * (cosine-normalised, so a blockbuster that co-occurs with everything does not win by count alone), divided
     * by the largest sum, so it lies in (0, 1].
     */
    private Together cooccurrenceScores(UserState user, ItemPopularity popularity, ItemCooccurrence cooccurrence) {
        List<String> recent = user.recentPositiveItems(params.cooccurrenceWindow());
        double[] sqrtN = new double[recent.size()];
        for (int j = 0; j < sqrtN.length; j++) {
            sqrtN[j] = Math.sqrt(Math.max(1, popularity.count(recent.get(j))));
        }
        SeenFilter seen = user.seen();
        Together found = new Together();
        cooccurrence.sumCooccurring(recent, sqrtN, (item, key, seenHash, sum) -> {
            if (!seen.mightContainHashed(seenHash)) {
                // n(i) read once per item, not once per pair
                found.add(item, key, sum / Math.sqrt(Math.max(1, count(popularity, cooccurrence, item, key))));
            }
        });
        double max = 0;
        for (int i = 0; i < found.size; i++) {
            max = Math.max(max, found.scores[i]);
        }
        if (max > 0) {
            for (int i = 0; i < found.size; i++) {
                found.scores[i] /= max;
            }
        }
        return found;
    }

    /** The item's click count: by its co-occurrence key from memoized counts (an array read), else by id. */
    private static long count(ItemPopularity popularity, ItemCooccurrence keys, String itemId, int key) {
        return popularity instanceof MemoizedPopularity memoized ? memoized.count(itemId, keys, key)
                : popularity.count(itemId);
    }

    /** The item's catalogue entry (null: none): by its co-occurrence key from memoized ones, else by id. */
    private VectorIndex.Item catalogueItem(ItemPopularity popularity, ItemCooccurrence keys, String itemId, int key,
            long version) {
        return popularity instanceof MemoizedPopularity memoized
                ? memoized.catalogueItem(itemId, keys, key, version, itemOf) : catalogue.item(itemId);
    }

    /** The item's catalogue slot (-1: none): by its co-occurrence key from memoized ones, else by id. */
    private int catalogueSlot(ItemPopularity popularity, ItemCooccurrence keys, String itemId, int key, long version) {
        if (popularity instanceof MemoizedPopularity memoized) {
            return memoized.catalogueSlot(itemId, keys, key, version, itemOf);
        }
        VectorIndex.Item item = catalogue.item(itemId);
        return item == null ? -1 : item.slot();
    }

    /** Co-occurring items, their {@link ItemCooccurrence} keys and their scores, in parallel arrays. */
    private static final class Together {
        String[] ids = new String[64];
        int[] keys = new int[64];
        double[] scores = new double[64];
        int size;

        void add(String id, int key, double score) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, 2 * size);
                keys = Arrays.copyOf(keys, 2 * size);
                scores = Arrays.copyOf(scores, 2 * size);
            }
            ids[size] = id;
            keys[size] = key;
            scores[size] = score;
            size++;
        }
    }

    /**
     * The candidates by id in the order added, and by catalogue slot: the few hundred co-occurring items of a refresh
     * are looked up by slot (an id's hash and equality read its string, scattered over the heap; with the seen
     * filter's hash and the catalogue entries kept by key, 0.92 of an aged state's refresh CPU, bench/RESULTS.md
     * 2026-12-01 afternoon). An id has one slot, and a slot one id.
     */
    private static final class Pool {
        final Map<String, Candidate> byId;
        /** Open addressing: slot + 1 (0: empty), and the candidate at the same index. */
        private int[] slots;
        private Candidate[] placed;

        Pool(int expected) {
            // sized for every source's candidates, so that neither grows (rehashing) while they are added
            byId = new LinkedHashMap<>(expected * 4 / 3 + 1);
            int capacity = Integer.highestOneBit(Math.max(8, 2 * expected)) * 2;
            slots = new int[capacity];
            placed = new Candidate[capacity];
        }

        void putIfAbsent(Candidate c) {
            if (byId.putIfAbsent(c.itemId, c) == null) {
                if (2 * byId.size() > slots.length) {
                    grow();
                }
                place(c);
            }
        }

        Candidate bySlot(int slot) {
            int mask = slots.length - 1;
            for (int i = spread(slot) & mask; slots[i] != 0; i = (i + 1) & mask) {
                if (slots[i] == slot + 1) {
                    return placed[i];
                }
            }
            return null;
        }

        private void place(Candidate c) {
            int mask = slots.length - 1;
            int i = spread(c.slot) & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = c.slot + 1;
            placed[i] = c;
        }

        private void grow() {
            Candidate[] before = placed;
            slots = new int[2 * slots.length];
            placed = new Candidate[slots.length];
            for (Candidate c : before) {
                if (c != null) {
                    place(c);
                }
            }
        }

        private static int spread(int slot) {
            return slot * 0x9E3779B9 >>> 7;
        }
    }

    /**
     * Gives the candidates already in the pool their co-occurrence score, and adds the unseen items of highest score
     * with a vector, up to {@code recommend.cooccurrence.candidates}, highest score first, ties by item id. Of the
     * items not in the pool yet, only those at or above the {@code wanted}-th highest score are sorted (a few hundred
     * co-occurring items a refresh, sorted whole, were a twentieth of a refresh); the rest are gathered and sorted only
     * when some of those are not in the catalogue.
     */
    private void addCooccurring(Pool pool, Together together, ItemPopularity popularity, ItemCooccurrence keys,
            long version) {
        int[] fresh = new int[together.size];
        int freshCount = 0;
        for (int i = 0; i < together.size; i++) {
            int slot = catalogueSlot(popularity, keys, together.ids[i], together.keys[i], version);
            // in the pool only with a vector, unless it came with a search's hits cached before its deletion
            Candidate c = slot >= 0 ? pool.bySlot(slot) : pool.byId.get(together.ids[i]);
            if (c != null) {
                c.together = together.scores[i];
            } else {
                fresh[freshCount++] = i;
            }
        }
        int wanted = params.cooccurrenceCandidates();
        if (wanted == 0 || freshCount == 0) {
            return;
        }
        double[] values = new double[freshCount];
        for (int f = 0; f < freshCount; f++) {
            values[f] = together.scores[fresh[f]];
        }
        // the wanted-th highest score: a selection, not a sort (sorting an aged window's up to two thousand scores had
        // 9% of the stream threads' samples under freshness traffic; 0.3% now, bench/RESULTS.md 2026-12-02, morning)
        int thresholdIndex = Math.max(0, freshCount - wanted);
        Selection.select(values, thresholdIndex);
        double threshold = values[thresholdIndex];
        Comparator<Integer> best = (a, b) -> {
            int byScore = Double.compare(together.scores[b], together.scores[a]);
            return byScore != 0 ? byScore : together.ids[a].compareTo(together.ids[b]);
        };
        Catalogued catalogued = i -> catalogueItem(popularity, keys, together.ids[i], together.keys[i], version);
        int added = addWithVectors(pool, together, catalogued,
                ranked(together, fresh, freshCount, true, threshold, best), wanted);
        if (added < wanted) {
            // every one of these ranks after every one of those at or above the threshold; gathered only now, as
            // most refreshes find enough items with vectors at or above it
            addWithVectors(pool, together, catalogued,
                    ranked(together, fresh, freshCount, false, threshold, best), wanted - added);
        }
    }

    /**
     * The indexes among the first {@code count} of {@code fresh} whose score is at or above {@code threshold}
     * ({@code atOrAbove}) or below it, in {@code best} order.
     */
    private static List<Integer> ranked(Together together, int[] fresh, int count, boolean atOrAbove,
            double threshold, Comparator<Integer> best) {
        List<Integer> ranked = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            if (together.scores[fresh[f]] >= threshold == atOrAbove) {
                ranked.add(fresh[f]);
            }
        }
        ranked.sort(best);
        return ranked;
    }

    /** The catalogue item (null: none) of the co-occurring item at an index of {@link Together}. */
    private interface Catalogued {
        VectorIndex.Item item(int index);
    }

    /**
     * Adds up to {@code wanted} of {@code ranked} (in order, none in the pool) that have a vector ({@code catalogued},
     * by the same index as {@code together}'s): how many.
     */
    private static int addWithVectors(Pool pool, Together together, Catalogued catalogued, List<Integer> ranked,
            int wanted) {
        int added = 0;
        for (int i : ranked) {
            if (added == wanted) {
                break;
            }
            VectorIndex.Item item = catalogued.item(i);
            if (item != null) {
                Candidate c = new Candidate(item);
                c.together = together.scores[i];
                pool.putIfAbsent(c);
                added++;
            }
        }
        return added;
    }

    /**
     * The candidate's relevance. Its similarity to the composite ({@link InterestModel#composite}, the interests'
     * weighted sum normalised) is its similarities to the interests, weighted and summed, over that sum's length: one
     * dot product fewer per candidate (of up to 17: 8 interests, the composite, 8 negative signals).
     */
    private void score(Candidate c, UserState user, double[] weights, float compositeLength,
            ItemPopularity popularity) {
        float best = Float.NEGATIVE_INFINITY;
        double weighted = 0;
        List<InterestState> interests = user.interests();
        for (int i = 0; i < interests.size(); i++) {
            InterestState interest = interests.get(i);
            float sim = Vectors.dot(c.vector, interest.centroid());
            weighted += (float) weights[i] * sim;
            if (sim > best) {
                best = sim;
                c.interest = interest;
            }
        }
        double toComposite = compositeLength > 0f ? weighted / compositeLength : 0;
        double blend = params.compositeBlend();
        c.relevance = (1 - blend) * best + blend * toComposite - penalty(c, user)
                + (params.popularityWeight() == 0 ? 0 : params.popularityWeight() * prior(c, popularity));
    }

    /** The candidate's popularity prior: by its catalogue slot from memoized counts (an array read), else by id. */
    private static double prior(Candidate c, ItemPopularity popularity) {
        return popularity instanceof MemoizedPopularity memoized ? memoized.prior(c.itemId, c.slot)
                : popularity.prior(c.itemId);
    }

    /** The largest penalty any negative signal puts on the candidate: zero below the floor, linear above it. */
    private double penalty(Candidate c, UserState user) {
        double worst = 0;
        double floor = params.negativeFloor();
        for (NegativeState n : user.negatives()) {
            if (n.centroid() == null) {
                continue; // a disliked item whose vector this instance does not have (deleted from the catalogue)
            }
            float sim = Vectors.dot(c.vector, n.centroid());
            if (sim > floor) {
                double strength = Math.min(1.0, model.strengthAt(n, user.clock()));
                worst = Math.max(worst, params.negativePenalty() * strength * (sim - floor) / (1 - floor));
            }
        }
        return worst;
    }

    private List<RecommendedItem> diversify(List<Candidate> pool) {
        float[][] vectors = new float[pool.size()][];
        double[] relevance = new double[pool.size()];
        for (int i = 0; i < pool.size(); i++) {
            vectors[i] = pool.get(i).vector;
            relevance[i] = pool.get(i).relevance;
        }
        MmrReranker.Selection selection = mmr.select(vectors, relevance);
        List<RecommendedItem> out = new ArrayList<>(params.topN());
        int pick;
        while (out.size() < params.topN() && (pick = selection.next()) >= 0) {
            Candidate c = pool.get(pick);
            String title = catalogue.title(c.itemId);
            if (title == null) {
                continue; // deleted while we were ranking
            }
            out.add(new RecommendedItem(c.itemId, title, (float) selection.score(), c.interest.id(), c.interest.label()));
        }
        return out;
    }
}
