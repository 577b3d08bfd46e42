package dev.attune.streams.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attune.streams.testing.VectorSpace;
import dev.attune.vector.Vectors;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VectorIndexTest {

    private final VectorSpace space = new VectorSpace(11);

    @Test
    void shouldFindTheNearestItemsAndForgetDeletedOnes() {
        try (VectorIndex index = new VectorIndex(VectorSpace.DIMENSION)) {
            for (int i = 0; i < 300; i++) {
                index.upsert("scifi-" + i, space.mix(0.8, "scifi", 1));
                index.upsert("comedy-" + i, space.mix(0.8, "comedy", 1));
            }
            List<VectorIndex.Hit> hits = index.search(space.direction("scifi"), 10);
            assertThat(hits).hasSize(10).allSatisfy(h -> assertThat(h.id()).startsWith("scifi-"));
            assertThat(hits.get(0).similarity()).isGreaterThanOrEqualTo(hits.get(9).similarity());
            assertThat(hits).allSatisfy(h -> assertThat(h.vector()).isSameAs(index.vector(h.id())));
            // the walk scores nodes from 8-bit codes; the hits' similarities come from the float vectors, exactly
            assertThat(hits).allSatisfy(h -> assertThat(h.similarity())
                    .isEqualTo(Vectors.dot(space.direction("scifi"), h.vector())));
            assertThat(index.codeBytes()).isEqualTo(600L * (VectorSpace.DIMENSION + 4));

            String best = hits.get(0).id();
            index.delete(best);

            assertThat(index.search(space.direction("scifi"), 10)).extracting(VectorIndex.Hit::id).doesNotContain(best);
            assertThat(index.size()).isEqualTo(599);
            assertThat(index.contains(best)).isFalse();
        }
    }

    @Test
    void shouldKeepAnItemsSlotAcrossUpsertsAndGiveEveryOtherIdItsOwn() {
        try (VectorIndex index = new VectorIndex(VectorSpace.DIMENSION)) {
            index.upsert("a", space.mix(0.8, "scifi", 1));
            index.upsert("b", space.mix(0.8, "comedy", 1));
            int a = index.item("a").slot();

            // an upsert of "a" keeps its slot, with the new vector; a delete and a new upsert of "b" gets a new one
            float[] moved = space.mix(0.8, "comedy", 2);
            index.upsert("a", moved);
            int b = index.item("b").slot();
            index.delete("b");
            index.upsert("b", space.mix(0.8, "comedy", 3));
            index.upsert("c", space.mix(0.8, "scifi", 2));

            assertThat(index.item("a").slot()).isEqualTo(a);
            assertThat(index.item("a").vector()).containsExactly(moved);
            assertThat(List.of(a, b, index.item("b").slot(), index.item("c").slot())).doesNotHaveDuplicates();
            assertThat(index.item("gone")).isNull();
            // hits carry the slot of their item
            assertThat(index.search(space.direction("comedy"), 3))
                    .allSatisfy(h -> assertThat(h.slot()).isEqualTo(index.item(h.id()).slot()));
        }
    }

    @Test
    void shouldStepOverSkippedItemsInsideTheSearchAndStillReturnKHits() {
        try (VectorIndex index = new VectorIndex(VectorSpace.DIMENSION)) {
            for (int i = 0; i < 300; i++) {
                index.upsert("scifi-" + i, space.mix(0.8, "scifi", 1));
                index.upsert("comedy-" + i, space.mix(0.8, "comedy", 1));
            }
            // the 50 nearest scifi items are seen
            Set<String> seen = new HashSet<>();
            index.search(space.direction("scifi"), 50).forEach(h -> seen.add(h.id()));
            assertThat(seen).hasSize(50);

            List<VectorIndex.Hit> hits = index.search(space.direction("scifi"), 10, seen::contains, seen.size());
            assertThat(hits).hasSize(10)
                    .allSatisfy(h -> assertThat(h.id()).startsWith("scifi-").isNotIn(seen));
            for (int i = 1; i < hits.size(); i++) {
                assertThat(hits.get(i - 1).similarity()).isGreaterThanOrEqualTo(hits.get(i).similarity());
            }
            // same as dropping the seen items from a deep unfiltered search
            assertThat(hits).extracting(VectorIndex.Hit::id).containsExactlyElementsOf(
                    index.search(space.direction("scifi"), 600).stream().map(VectorIndex.Hit::id)
                            .filter(id -> !seen.contains(id)).limit(10).toList());

            // nearly everything skipped: the few items left all come back (exact scan), none skipped
            Set<String> almostAll = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                almostAll.add("comedy-" + i);
                if (i >= 3) {
                    almostAll.add("scifi-" + i);
                }
            }
            assertThat(index.search(space.direction("comedy"), 10, almostAll::contains, almostAll.size()))
                    .extracting(VectorIndex.Hit::id).containsExactlyInAnyOrder("scifi-0", "scifi-1", "scifi-2");
            // a bound below the truth still returns what passes
            assertThat(index.search(space.direction("comedy"), 5, almostAll::contains, 0))
                    .extracting(VectorIndex.Hit::id).containsExactlyInAnyOrder("scifi-0", "scifi-1", "scifi-2");
        }
    }

    @Test
    void shouldMergeAFragmentedIndexIntoOneSegmentAndKeepFiltering() throws Exception {
        try (VectorIndex index = new VectorIndex(VectorSpace.DIMENSION, 0)) {
            fragment(index);
            long deadline = System.currentTimeMillis() + 10_000;
            while (index.segments() > 1 && System.currentTimeMillis() < deadline) {
                index.search(space.direction("scifi"), 1);
                Thread.sleep(20);
            }
            assertThat(index.segments()).isEqualTo(1);
            assertThat(index.search(space.direction("scifi"), 20, id -> id.endsWith("0"), 20))
                    .hasSize(20).allSatisfy(h -> assertThat(h.id()).doesNotEndWith("0"));
            // the codes of the merged-away segments went with them: only the one segment's 200 vectors are left
            assertThat(index.codeBytes()).isEqualTo(200L * (VectorSpace.DIMENSION + 4));
        }
    }

    @Test
    void shouldPrepareAMergedSegmentForSearchesOnTheMergeThread() throws Exception {
        try (VectorIndex index = new VectorIndex(VectorSpace.DIMENSION, 0)) {
            fragment(index);
            Thread.sleep(1_100); // writes have paused: the next search starts the merge
            index.search(space.direction("scifi"), 1);
            long deadline = System.currentTimeMillis() + 10_000;
            while (index.segments() > 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20); // no search sees the merged segment meanwhile
            }
            assertThat(index.segments()).isEqualTo(1);

            // the merged segment's codes are there before its first search; the fragments' are gone
            assertThat(index.codeBytes()).isEqualTo(200L * (VectorSpace.DIMENSION + 4));
            assertThat(index.search(space.direction("scifi"), 5)).hasSize(5);
        }
    }

    @Test
    void shouldFindWhatAnExactScanFindsOnCodes() {
        try (VectorIndex index = new VectorIndex(VectorSpace.DIMENSION)) {
            java.util.Map<String, float[]> vectors = new java.util.HashMap<>();
            for (int i = 0; i < 400; i++) {
                for (String genre : List.of("scifi", "comedy", "drama")) {
                    float[] v = space.mix(1.5, genre, 1);
                    vectors.put(genre + "-" + i, v);
                    index.upsert(genre + "-" + i, v);
                }
            }
            float[] query = space.mix(0.5, "scifi", 1, "drama", 1);
            List<String> exact = vectors.entrySet().stream()
                    .sorted((a, b) -> Float.compare(Vectors.dot(query, b.getValue()), Vectors.dot(query, a.getValue())))
                    .map(java.util.Map.Entry::getKey).limit(20).toList();

            List<String> found = index.search(query, 50).stream().map(VectorIndex.Hit::id).toList();

            // the first 20 of 50 asked for, as the app asks for its quota and a margin
            assertThat(found.subList(0, 20)).containsExactlyElementsOf(exact);
        }
    }

    @Test
    void shouldReplaceAnItemsVectorOnUpsert() {
        try (VectorIndex index = new VectorIndex(VectorSpace.DIMENSION)) {
            index.upsert("x", space.mix(0.1, "scifi", 1));
            index.upsert("y", space.mix(0.1, "comedy", 1));

            index.upsert("x", space.mix(0.1, "comedy", 1));

            assertThat(index.search(space.direction("scifi"), 1).get(0).similarity()).isLessThan(0.5f);
            assertThat(index.size()).isEqualTo(2);
        }
    }

    /** 200 items written in five segments: a search between writes refreshes the reader, which flushes a segment. */
    private void fragment(VectorIndex index) {
        for (int i = 0; i < 200; i++) {
            index.upsert("scifi-" + i, space.mix(0.8, "scifi", 1));
            if (i % 40 == 39) {
                index.search(space.direction("scifi"), 1);
            }
        }
    }
}
