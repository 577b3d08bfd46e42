package dev.attune.streams.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.streams.testing.VectorSpace;
import java.util.List;
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

            String best = hits.get(0).id();
            index.delete(best);

            assertThat(index.search(space.direction("scifi"), 10)).extracting(VectorIndex.Hit::id).doesNotContain(best);
            assertThat(index.size()).isEqualTo(599);
            assertThat(index.contains(best)).isFalse();
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
}
