package dev.attune.streams.recommend;

import dev.attune.streams.catalogue.VectorIndex;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The counts as they were when first read: the largest count and the most clicked items read once (the store
 * answers both with an iterator, and the prior needs the largest for every candidate), each item's count at most
 * once, and a candidate's prior once per catalogue slot (a refresh scores up to a few hundred candidates, two
 * logarithms each; {@link #prior(String, int)}). Lives for one
 * {@link Recommender#recommend} call, or for a task's refreshes of one {@code refresh.popularity.max.age.ms}
 * ({@link RecentPopularity}); one thread; counts that change meanwhile are seen by the next one.
 *
 * <p>Being what a task's refreshes share, it also keeps what they look up for co-occurring items, by the keys of
 * the task's {@link ItemCooccurrence}: their counts and catalogue items (the popular items' vectors likewise,
 * {@link #mostClickedWithVectors}).
 */
final class MemoizedPopularity implements ItemPopularity {

    private final ItemPopularity counts;
    private final Map<String, Long> countById = new HashMap<>();
    /** Priors by the catalogue's item slot, NaN until asked for: see {@link #prior(String, int)}. */
    private double[] priorBySlot = new double[0];
    /** Counts by the item keys of {@code keyedBy}, -1 until asked for: see {@link #count(String, ItemCooccurrence, int)}. */
    private long[] countByKey = new long[0];
    /** Catalogue items by the same keys, of catalogue version {@code itemsVersion}: see {@link #catalogueItem}. */
    private VectorIndex.Item[] itemByKey = new VectorIndex.Item[0];
    /** Their slots + 1 by the same keys (0: not looked up, -1: not in the catalogue): see {@link #catalogueSlot}. */
    private int[] slotByKey = new int[0];
    private long itemsVersion;
    private ItemCooccurrence keyedBy;
    private long max = -1;
    private List<String> mostClicked = List.of();
    private int mostClickedAsked;
    private PopularItems popularItems;

    MemoizedPopularity(ItemPopularity counts) {
        this.counts = counts;
    }

    /** {@code counts} memoized: as they are when they are no counts or memoized already (a {@link RecentPopularity}'s). */
    static ItemPopularity of(ItemPopularity counts) {
        return counts == ItemPopularity.NONE || counts instanceof MemoizedPopularity ? counts
                : new MemoizedPopularity(counts);
    }

    @Override
    public long count(String itemId) {
        Long count = countById.get(itemId);
        if (count == null) {
            count = counts.count(itemId);
            countById.put(itemId, count);
        }
        return count;
    }

    /**
     * The count of the item that {@code keys} numbers {@code key} ({@link ItemCooccurrence.CooccurringSum}): an array
     * read, not a hash-map lookup by id (a refresh reads the counts of the few hundred items that co-occur with the
     * user's recent ones; their ids are strings scattered over the heap). Keys of another {@code ItemCooccurrence}
     * start the memo anew; {@link ItemCooccurrence#NO_KEY} reads by id.
     */
    long count(String itemId, ItemCooccurrence keys, int key) {
        if (key == ItemCooccurrence.NO_KEY) {
            return count(itemId);
        }
        keyBy(keys);
        if (key >= countByKey.length) {
            int from = countByKey.length;
            countByKey = Arrays.copyOf(countByKey, Math.max(key + 1, 2 * from));
            Arrays.fill(countByKey, from, countByKey.length, -1);
        }
        long count = countByKey[key];
        if (count < 0) {
            count = count(itemId);
            countByKey[key] = count;
        }
        return count;
    }

    /**
     * The catalogue item (null: none) of the item that {@code keys} numbers {@code key}, kept while the catalogue stays
     * at {@code catalogueVersion} ({@code itemOf} looks it up): as {@link #count(String, ItemCooccurrence, int)}, an
     * array read instead of a hash-map lookup by id.
     */
    VectorIndex.Item catalogueItem(String itemId, ItemCooccurrence keys, int key, long catalogueVersion,
            Function<String, VectorIndex.Item> itemOf) {
        if (key == ItemCooccurrence.NO_KEY) {
            return itemOf.apply(itemId);
        }
        keyBy(keys);
        atVersion(catalogueVersion);
        if (key >= itemByKey.length) {
            itemByKey = Arrays.copyOf(itemByKey, Math.max(key + 1, 2 * itemByKey.length));
        }
        VectorIndex.Item item = itemByKey[key];
        if (item == null) {
            item = itemOf.apply(itemId);
            itemByKey[key] = item == null ? ABSENT : item;
        }
        return item == ABSENT ? null : item;
    }

    /**
     * The catalogue slot ({@link VectorIndex.Item#slot}; -1: none) of the item that {@code keys} numbers {@code key},
     * as {@link #catalogueItem} finds it, from an array of ints: a refresh asks for the slots of up to two thousand
     * co-occurring items to find those already among its candidates, and reading each from its catalogue item missed
     * the CPU's caches (an item lies beside its 1.5 KB vector; with slots from here, the co-occurring candidates' share
     * of the stream threads' samples fell from 13.5% to 11.2%, bench/RESULTS.md 2026-12-02, morning); only the hundred
     * or so items added need their catalogue item.
     */
    int catalogueSlot(String itemId, ItemCooccurrence keys, int key, long catalogueVersion,
            Function<String, VectorIndex.Item> itemOf) {
        if (key == ItemCooccurrence.NO_KEY) {
            VectorIndex.Item item = itemOf.apply(itemId);
            return item == null ? -1 : item.slot();
        }
        keyBy(keys);
        atVersion(catalogueVersion);
        if (key >= slotByKey.length) {
            slotByKey = Arrays.copyOf(slotByKey, Math.max(key + 1, 2 * slotByKey.length));
        }
        int slot = slotByKey[key];
        if (slot == 0) {
            VectorIndex.Item item = catalogueItem(itemId, keys, key, catalogueVersion, itemOf);
            slot = item == null ? -1 : item.slot() + 1;
            slotByKey[key] = slot;
        }
        return slot < 0 ? -1 : slot - 1;
    }

    /** Catalogue entries by key are of one catalogue version: another's start them anew. */
    private void atVersion(long catalogueVersion) {
        if (catalogueVersion != itemsVersion) {
            itemsVersion = catalogueVersion;
            itemByKey = new VectorIndex.Item[0];
            slotByKey = new int[0];
        }
    }

    /** Marks an item looked up and not found in {@link #itemByKey}. */
    private static final VectorIndex.Item ABSENT = new VectorIndex.Item("", -1, new float[0]);

    /** Memos by key hold the keys of one {@code ItemCooccurrence}: another's start them anew. */
    private void keyBy(ItemCooccurrence keys) {
        if (keys != keyedBy) {
            keyedBy = keys;
            countByKey = new long[0];
            itemByKey = new VectorIndex.Item[0];
            slotByKey = new int[0];
        }
    }

    /**
     * The prior of the item in catalogue slot {@code slot} ({@link VectorIndex.Item#slot}): a candidate's prior is
     * then an array read, not a hash-map lookup by id (the map's entries and the id strings are scattered over the
     * heap: those lookups were a tenth of a refresh under freshness traffic, bench/RESULTS.md 2026-12-01).
     */
    double prior(String itemId, int slot) {
        if (slot >= priorBySlot.length) {
            int from = priorBySlot.length;
            priorBySlot = Arrays.copyOf(priorBySlot, Math.max(slot + 1, 2 * from));
            Arrays.fill(priorBySlot, from, priorBySlot.length, Double.NaN);
        }
        double prior = priorBySlot[slot];
        if (Double.isNaN(prior)) {
            prior = prior(itemId); // from the memoized count and largest count
            priorBySlot[slot] = prior;
        }
        return prior;
    }

    @Override
    public List<String> mostClicked(int n) {
        // an answer shorter than asked for held every counted item: a longer request needs no new scan either
        if (n > mostClickedAsked && mostClicked.size() == mostClickedAsked) {
            mostClicked = List.copyOf(counts.mostClicked(n));
            mostClickedAsked = n;
        }
        return n >= mostClicked.size() ? mostClicked : mostClicked.subList(0, n);
    }

    /**
     * The most clicked items, up to {@code n}, each with its catalogue item ({@code itemOf}: null when the catalogue
     * has none), kept while the catalogue stays at {@code catalogueVersion}: every refresh of a task within the counts'
     * age takes its popular candidates from the same items (looking up their vectors and priors was a seventh of a
     * refresh under freshness traffic, bench/RESULTS.md 2026-12-01).
     */
    PopularItems mostClickedWithVectors(int n, long catalogueVersion, Function<String, VectorIndex.Item> itemOf) {
        // a longer list is read when the last one may have stopped short (as mostClicked does)
        if (popularItems == null || popularItems.catalogueVersion != catalogueVersion
                || n > popularItems.asked && popularItems.ids.length == popularItems.asked) {
            List<String> ids = mostClicked(n);
            VectorIndex.Item[] items = new VectorIndex.Item[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                items[i] = itemOf.apply(ids.get(i));
            }
            popularItems = new PopularItems(n, catalogueVersion, ids.toArray(String[]::new), items);
        }
        return popularItems;
    }

    /** Most clicked first: ids and catalogue items (null: not in the catalogue), read-only for callers. */
    static final class PopularItems {
        private final int asked;
        private final long catalogueVersion;
        final String[] ids;
        final VectorIndex.Item[] items;

        private PopularItems(int asked, long catalogueVersion, String[] ids, VectorIndex.Item[] items) {
            this.asked = asked;
            this.catalogueVersion = catalogueVersion;
            this.ids = ids;
            this.items = items;
        }
    }

    @Override
    public long maxCount() {
        if (max < 0) {
            max = counts.maxCount();
        }
        return max;
    }
}
