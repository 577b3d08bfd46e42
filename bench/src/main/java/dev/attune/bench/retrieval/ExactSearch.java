package dev.attune.bench.retrieval;

import dev.attune.vector.Vectors;
import java.util.PriorityQueue;

/** The exact top k by dot product over every vector: the ground truth and the speed baseline. */
final class ExactSearch {

    private final float[][] vectors;

    ExactSearch(float[][] vectors) {
        this.vectors = vectors;
    }

    /** Indices of the {@code k} most similar vectors, most similar first. */
    int[] top(float[] query, int k) {
        // Min-heap of the best k so far, by similarity then index for a stable order.
        PriorityQueue<long[]> heap = new PriorityQueue<>(k + 1, (a, b) -> Float.compare(
                Float.intBitsToFloat((int) a[0]), Float.intBitsToFloat((int) b[0])));
        for (int i = 0; i < vectors.length; i++) {
            float s = Vectors.dot(query, vectors[i]);
            if (heap.size() < k) {
                heap.add(new long[] {Float.floatToIntBits(s), i});
            } else if (s > Float.intBitsToFloat((int) heap.peek()[0])) {
                heap.poll();
                heap.add(new long[] {Float.floatToIntBits(s), i});
            }
        }
        int[] result = new int[heap.size()];
        for (int j = result.length - 1; j >= 0; j--) {
            result[j] = (int) heap.poll()[1];
        }
        return result;
    }
}
