package dev.attune.streams.catalogue;

import dev.attune.streams.model.Quantizer;
import dev.attune.vector.Vectors;
import java.io.IOException;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * One index segment's vectors as 8-bit codes on the heap, in the order of the segment's graph (vector ordinals), each
 * with its own scale ({@link Quantizer#encode8}, as the interest centroids are stored), for walking the graph. A
 * walk visits a few hundred nodes scattered over the segment: as floats read from the segment (1.5 KB a node at 384
 * dimensions) each visit was a copy out of memory, about 200 ns at 10k items; a node's 384 codes in one array are 4x
 * fewer bytes, and 10k items' codes (3.8 MB) stay in the CPU's caches (bench/RESULTS.md, 2026-12-01 evening). The
 * walk's scores are approximate (cosine error up to about 1e-3 at 384 dimensions, less than what separates most
 * neighbours); {@link VectorIndex} scores the hits it returns again from the float vectors.
 */
final class SegmentCodes {

    private final int dimension;
    private final byte[] codes;
    private final float[] scales;

    private SegmentCodes(int dimension, byte[] codes, float[] scales) {
        this.dimension = dimension;
        this.codes = codes;
        this.scales = scales;
    }

    /** Encodes every vector of a segment, by ordinal: one pass over the segment's float vectors. */
    static SegmentCodes of(RandomAccessVectorValues.Floats values) throws IOException {
        int dimension = values.dimension();
        int size = values.size();
        byte[] codes = new byte[Math.multiplyExact(size, dimension)];
        float[] scales = new float[size];
        for (int ord = 0; ord < size; ord++) {
            scales[ord] = Quantizer.encode8(values.vectorValue(ord), codes, ord * dimension);
        }
        return new SegmentCodes(dimension, codes, scales);
    }

    /** Bytes on the heap: a byte a component and a float a vector. */
    long bytes() {
        return codes.length + 4L * scales.length;
    }

    /**
     * Scores every node against {@code query} as {@link SimdVectorScorer} does ({@code (1 + dot) / 2}), from the codes.
     * {@code values} are the segment's own, for ordinal-to-document mapping only.
     */
    RandomVectorScorer scorer(RandomAccessVectorValues values, float[] query) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("expected " + dimension + " components, got " + query.length);
        }
        byte[] queryCodes = new byte[dimension];
        float queryScale = Quantizer.encode8(query, queryCodes, 0);
        return new RandomVectorScorer.AbstractRandomVectorScorer(values) {
            @Override
            public float score(int node) {
                float dot = queryScale * scales[node] * Vectors.dot(queryCodes, codes, node * dimension);
                return SimdVectorScorer.score(dot);
            }
        };
    }
}
