package dev.attune.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectionTest {

    @Test
    void shouldKeepDistancesOfPointsThatAlreadyLieInAPlane() {
        // Given points spanning two of four dimensions, with different spreads along each
        List<float[]> points = List.of(new float[] {0, 0, 0, 0}, new float[] {3, 0, 0, 0},
                new float[] {0, 1, 0, 0}, new float[] {3, 1, 0, 0});

        // When
        double[][] xy = Projection.toPlane(points);

        // Then the projection is an isometry: every pairwise distance survives
        for (int i = 0; i < points.size(); i++) {
            for (int j = i + 1; j < points.size(); j++) {
                assertThat(distance(xy[i], xy[j])).isCloseTo(distance(points.get(i), points.get(j)), within(1e-6));
            }
        }
    }

    @Test
    void shouldPlaceMembersOfTheSameClusterCloserThanMembersOfDifferentClusters() {
        List<float[]> points = List.of(new float[] {1, 0.05f, 0}, new float[] {1, -0.05f, 0},
                new float[] {0, 0, 1}, new float[] {0.05f, 0, 1});

        double[][] xy = Projection.toPlane(points);

        assertThat(distance(xy[0], xy[1])).isLessThan(distance(xy[0], xy[2]) / 5);
        assertThat(distance(xy[2], xy[3])).isLessThan(distance(xy[1], xy[3]) / 5);
    }

    @Test
    void shouldPutASinglePointAtTheOrigin() {
        assertThat(Projection.toPlane(List.of(new float[] {0.6f, 0.8f}))[0]).containsExactly(0, 0);
    }

    private static double distance(double[] a, double[] b) {
        return Math.hypot(a[0] - b[0], a[1] - b[1]);
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return Math.sqrt(sum);
    }
}
