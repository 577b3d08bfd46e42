package dev.attune.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.vector.Vectors;
import org.junit.jupiter.api.Test;

class ItemSpaceTest {

    @Test
    void shouldMakeUnitVectorsCloserWithinAClusterThanAcross() {
        // Given a 384-d space of 8 clusters
        ItemSpace space = new ItemSpace(384, 8, 1.0, 7);

        // When taking items of one cluster and of another
        int a = 0;
        int sameAsA = -1;
        int other = -1;
        for (int i = 1; i < 100 && (sameAsA < 0 || other < 0); i++) {
            if (space.clusterOf(i) == space.clusterOf(a) && sameAsA < 0) {
                sameAsA = i;
            } else if (space.clusterOf(i) != space.clusterOf(a) && other < 0) {
                other = i;
            }
        }

        // Then vectors are unit length, reproducible, and similar within a cluster only
        assertThat(Vectors.norm(space.item(a))).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(space.item(a)).containsExactly(space.item(a));
        assertThat(Vectors.dot(space.item(a), space.item(sameAsA))).isBetween(0.3f, 0.7f);
        assertThat(Math.abs(Vectors.dot(space.item(a), space.item(other)))).isLessThan(0.2f);
    }
}
