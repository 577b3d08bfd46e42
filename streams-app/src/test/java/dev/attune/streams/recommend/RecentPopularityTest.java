package dev.attune.streams.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.streams.catalogue.VectorIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RecentPopularityTest {

    /** Counts in memory that record how often they were read. */
    private static final class CountedReads implements ItemPopularity {
        final Map<String, Long> counts = new HashMap<>();
        int countReads;
        int maxReads;
        final List<Integer> scans = new ArrayList<>();

        @Override
        public long count(String itemId) {
            countReads++;
            return counts.getOrDefault(itemId, 0L);
        }

        @Override
        public List<String> mostClicked(int n) {
            scans.add(n);
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                    .limit(n).map(Map.Entry::getKey).toList();
        }

        @Override
        public long maxCount() {
            maxReads++;
            return counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    private final CountedReads stores = new CountedReads();

    @Test
    void shouldReadEachCountOnceWithinTheMaxAgeAndAgainAfterIt() {
        stores.counts.putAll(Map.of("a", 3L, "b", 1L));
        RecentPopularity recent = new RecentPopularity(stores, 1_000);

        // Given counts read by a refresh at t = 0
        assertThat(recent.asOf(0).count("a")).isEqualTo(3);
        assertThat(recent.asOf(0).maxCount()).isEqualTo(3);

        // When the stores move on and refreshes within the next second ask again
        stores.counts.put("a", 7L);
        assertThat(recent.asOf(999).count("a")).isEqualTo(3);
        assertThat(recent.asOf(999).maxCount()).isEqualTo(3);
        assertThat(stores.countReads).isEqualTo(1);
        assertThat(stores.maxReads).isEqualTo(1);

        // Then a refresh a second later reads them anew
        assertThat(recent.asOf(1_000).count("a")).isEqualTo(7);
        assertThat(recent.asOf(1_000).maxCount()).isEqualTo(7);
        assertThat(stores.countReads).isEqualTo(2);
    }

    @Test
    void shouldGiveThePriorOfTheCountsAsReadWithinTheMaxAge() {
        stores.counts.putAll(Map.of("a", 3L, "b", 1L, "c", 9L));
        RecentPopularity recent = new RecentPopularity(stores, 1_000);

        // Given priors asked for by a refresh, and again after the counts moved (same second)
        double a = recent.asOf(0).prior("a");
        double b = recent.asOf(0).prior("b");
        stores.counts.put("a", 9L);
        stores.counts.put("c", 20L);

        // Then they are log(1 + n) / log(1 + max n) of the counts first read, each read once
        assertThat(a).isEqualTo(Math.log1p(3) / Math.log1p(9));
        assertThat(b).isEqualTo(Math.log1p(1) / Math.log1p(9));
        assertThat(recent.asOf(500).prior("a")).isEqualTo(a);
        assertThat(recent.asOf(500).count("a")).isEqualTo(3);
        assertThat(stores.countReads).isEqualTo(2);
        assertThat(recent.asOf(1_000).prior("a")).isEqualTo(Math.log1p(9) / Math.log1p(20));
    }

    @Test
    void shouldKeepPriorsByCatalogueSlotAsTheyWereFirstAskedFor() {
        stores.counts.putAll(Map.of("a", 3L, "b", 1L, "c", 9L));
        MemoizedPopularity recent = (MemoizedPopularity) new RecentPopularity(stores, 1_000).asOf(0);

        // Given priors asked for by slot (one far beyond the first ones), then the counts moving
        double a = recent.prior("a", 0);
        double c = recent.prior("c", 5_000);
        stores.counts.put("a", 9L);

        // Then each is the prior by id, read from the stores once and kept under its slot
        assertThat(a).isEqualTo(Math.log1p(3) / Math.log1p(9));
        assertThat(c).isEqualTo(1.0);
        assertThat(recent.prior("a", 0)).isEqualTo(a);
        assertThat(recent.prior("b", 1)).isEqualTo(Math.log1p(1) / Math.log1p(9));
        assertThat(recent.prior("c", 5_000)).isEqualTo(c);
        assertThat(stores.countReads).isEqualTo(3);
    }

    @Test
    void shouldKeepCountsByCooccurrenceKeyOfOneItemCooccurrenceAtATime() {
        stores.counts.putAll(Map.of("a", 3L, "b", 1L));
        MemoizedPopularity recent = (MemoizedPopularity) new RecentPopularity(stores, 1_000).asOf(0);
        ItemCooccurrence rows = itemId -> Map.of();
        ItemCooccurrence otherRows = itemId -> Map.of();

        // Given counts asked for by the keys of one ItemCooccurrence (one far beyond the first), then the counts moving
        assertThat(recent.count("a", rows, 0)).isEqualTo(3);
        assertThat(recent.count("b", rows, 4_000)).isEqualTo(1);
        stores.counts.put("b", 2L);

        // Then each is kept under its key, and shared with the reads by id (one store read each)
        assertThat(recent.count("b", rows, 4_000)).isEqualTo(1);
        assertThat(recent.count("b")).isEqualTo(1);
        assertThat(stores.countReads).isEqualTo(2);

        // And key 0 of another ItemCooccurrence names another item: its own count, not the first one's
        assertThat(recent.count("b", otherRows, 0)).isEqualTo(1);
        assertThat(recent.count("a", rows, 0)).isEqualTo(3);
        assertThat(recent.count("b", rows, ItemCooccurrence.NO_KEY)).isEqualTo(1);
    }

    /** Looks items up in {@code catalogue}, noting each id asked for in {@code lookedUp}. */
    private static Function<String, VectorIndex.Item> lookingUp(Map<String, VectorIndex.Item> catalogue,
            List<String> lookedUp) {
        return id -> {
            lookedUp.add(id);
            return catalogue.get(id);
        };
    }

    @Test
    void shouldKeepCatalogueItemsByCooccurrenceKeyPerCatalogueVersion() {
        MemoizedPopularity recent = (MemoizedPopularity) new RecentPopularity(stores, 1_000).asOf(0);
        ItemCooccurrence rows = itemId -> Map.of();
        Map<String, VectorIndex.Item> catalogue = new HashMap<>(Map.of("a", new VectorIndex.Item("a", 0, new float[] {1, 0})));
        List<String> lookedUp = new ArrayList<>();
        Function<String, VectorIndex.Item> itemOf = lookingUp(catalogue, lookedUp);

        // Given items asked for by key at catalogue version 1, one of them not in the catalogue
        assertThat(recent.catalogueItem("a", rows, 3, 1, itemOf)).isSameAs(catalogue.get("a"));
        assertThat(recent.catalogueItem("new", rows, 0, 1, itemOf)).isNull();

        // Then both answers are kept while the version stays, the absent one too
        assertThat(recent.catalogueItem("a", rows, 3, 1, itemOf)).isSameAs(catalogue.get("a"));
        assertThat(recent.catalogueItem("new", rows, 0, 1, itemOf)).isNull();
        assertThat(lookedUp).containsExactly("a", "new");

        // When the catalogue changes (version 2), items are looked up again
        catalogue.put("new", new VectorIndex.Item("new", 1, new float[] {0, 1}));
        assertThat(recent.catalogueItem("new", rows, 0, 2, itemOf)).isSameAs(catalogue.get("new"));
        assertThat(recent.catalogueItem("a", rows, 3, 2, itemOf)).isSameAs(catalogue.get("a"));
        assertThat(lookedUp).containsExactly("a", "new", "new", "a");

        // And without a key, every ask looks up
        assertThat(recent.catalogueItem("a", rows, ItemCooccurrence.NO_KEY, 2, itemOf)).isSameAs(catalogue.get("a"));
        assertThat(lookedUp).hasSize(5);
    }

    @Test
    void shouldKeepCatalogueSlotsByCooccurrenceKeyPerCatalogueVersion() {
        MemoizedPopularity recent = (MemoizedPopularity) new RecentPopularity(stores, 1_000).asOf(0);
        ItemCooccurrence rows = itemId -> Map.of();
        Map<String, VectorIndex.Item> catalogue = new HashMap<>(Map.of("a", new VectorIndex.Item("a", 7, new float[] {1, 0})));
        List<String> lookedUp = new ArrayList<>();
        Function<String, VectorIndex.Item> itemOf = lookingUp(catalogue, lookedUp);

        // Given slots asked for by key at catalogue version 1, of an item in slot 7 and one not in the catalogue
        assertThat(recent.catalogueSlot("a", rows, 3, 1, itemOf)).isEqualTo(7);
        assertThat(recent.catalogueSlot("new", rows, 0, 1, itemOf)).isEqualTo(-1);

        // Then both are kept while the version stays, and the item found for the slot is kept too
        assertThat(recent.catalogueSlot("a", rows, 3, 1, itemOf)).isEqualTo(7);
        assertThat(recent.catalogueSlot("new", rows, 0, 1, itemOf)).isEqualTo(-1);
        assertThat(recent.catalogueItem("a", rows, 3, 1, itemOf)).isSameAs(catalogue.get("a"));
        assertThat(lookedUp).containsExactly("a", "new");

        // When the catalogue changes (version 2), slots are looked up again
        catalogue.put("new", new VectorIndex.Item("new", 0, new float[] {0, 1}));
        assertThat(recent.catalogueSlot("new", rows, 0, 2, itemOf)).isZero();
        assertThat(recent.catalogueSlot("a", rows, 3, 2, itemOf)).isEqualTo(7);
        assertThat(lookedUp).containsExactly("a", "new", "new", "a");

        // And without a key, every ask looks up
        assertThat(recent.catalogueSlot("a", rows, ItemCooccurrence.NO_KEY, 2, itemOf)).isEqualTo(7);
        assertThat(lookedUp).hasSize(5);
    }

    @Test
    void shouldReadTheStoresAtEveryRefreshWithAMaxAgeOfZero() {
        stores.counts.put("a", 3L);
        RecentPopularity recent = new RecentPopularity(stores, 0);

        recent.asOf(5).count("a");
        stores.counts.put("a", 4L);

        assertThat(recent.asOf(5).count("a")).isEqualTo(4);
        assertThat(stores.countReads).isEqualTo(2);
    }

    @Test
    void shouldScanForMoreMostClickedItemsOnlyWhenTheLastScanMayHaveStoppedShort() {
        for (int i = 0; i < 10; i++) {
            stores.counts.put("item-" + i, (long) i);
        }
        ItemPopularity recent = new RecentPopularity(stores, 1_000).asOf(0);

        assertThat(recent.mostClicked(3)).containsExactly("item-9", "item-8", "item-7");
        assertThat(recent.mostClicked(2)).containsExactly("item-9", "item-8");
        assertThat(recent.mostClicked(5)).containsExactly("item-9", "item-8", "item-7", "item-6", "item-5");
        assertThat(recent.mostClicked(50)).hasSize(10).startsWith("item-9");
        assertThat(recent.mostClicked(80)).hasSize(10);

        // scans of 3, 5 and 50: the answer to 50 held every item, so 80 needed none
        assertThat(stores.scans).containsExactly(3, 5, 50);
    }

    @Test
    void shouldLookUpThePopularItemsVectorsOncePerCatalogueVersion() {
        stores.counts.putAll(Map.of("a", 5L, "b", 3L, "gone", 2L));
        Map<String, VectorIndex.Item> catalogue = new HashMap<>(Map.of("a", new VectorIndex.Item("a", 0, new float[] {1, 0}),
                "b", new VectorIndex.Item("b", 1, new float[] {0, 1})));
        List<String> lookedUp = new ArrayList<>();
        MemoizedPopularity recent = (MemoizedPopularity) new RecentPopularity(stores, 1_000).asOf(0);

        // Given the popular items asked for by two refreshes at catalogue version 1
        MemoizedPopularity.PopularItems first = recent.mostClickedWithVectors(10, 1, id -> {
            lookedUp.add(id);
            return catalogue.get(id);
        });
        MemoizedPopularity.PopularItems second = recent.mostClickedWithVectors(10, 1, id -> {
            throw new AssertionError("looked up again: " + id);
        });

        // Then the second took the first's: most clicked first, an item not in the catalogue as null
        assertThat(second).isSameAs(first);
        assertThat(first.ids).containsExactly("a", "b", "gone");
        assertThat(first.items[0]).isSameAs(catalogue.get("a"));
        assertThat(first.items[2]).isNull();
        assertThat(lookedUp).containsExactly("a", "b", "gone");

        // When the catalogue changes (an item added: version 2), the vectors are looked up again
        catalogue.put("gone", new VectorIndex.Item("gone", 2, new float[] {1, 1}));
        MemoizedPopularity.PopularItems third = recent.mostClickedWithVectors(10, 2, catalogue::get);
        assertThat(third.items[2]).isSameAs(catalogue.get("gone"));
        assertThat(stores.scans).containsExactly(10);

        // And a shorter list asked for is the one held; a longer one is read only when that may have stopped short
        assertThat(recent.mostClickedWithVectors(2, 2, catalogue::get)).isSameAs(third);
        assertThat(recent.mostClickedWithVectors(50, 2, catalogue::get)).isSameAs(third); // held all three
        MemoizedPopularity recentTwo = (MemoizedPopularity) new RecentPopularity(stores, 1_000).asOf(0);
        MemoizedPopularity.PopularItems two = recentTwo.mostClickedWithVectors(2, 2, catalogue::get);
        assertThat(two.ids).containsExactly("a", "b");
        assertThat(recentTwo.mostClickedWithVectors(3, 2, catalogue::get).ids).containsExactly("a", "b", "gone");
    }
}
