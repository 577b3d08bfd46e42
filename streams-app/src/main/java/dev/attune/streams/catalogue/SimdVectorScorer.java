package dev.attune.streams.catalogue;

import dev.attune.vector.Vectors;
import java.io.IOException;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Lucene's float dot-product scoring through {@link Vectors#dot} (SIMD when the JVM has the vector module): the
 * same score as {@link VectorSimilarityFunction#DOT_PRODUCT}, {@code max((1 + dot) / 2, 0)}, to float rounding.
 * Other similarities and byte vectors go to Lucene's own scorer.
 */
final class SimdVectorScorer implements FlatVectorsScorer {

    private static final FlatVectorsScorer LUCENE = DefaultFlatVectorScorer.INSTANCE;

    /** {@link VectorSimilarityFunction#DOT_PRODUCT}'s mapping of a dot product of unit vectors into [0, 1]. */
    static float score(float dot) {
        return Math.max((1 + dot) / 2, 0);
    }

    @Override
    public RandomVectorScorerSupplier getRandomVectorScorerSupplier(VectorSimilarityFunction similarity,
            RandomAccessVectorValues values) throws IOException {
        if (similarity == VectorSimilarityFunction.DOT_PRODUCT && values instanceof RandomAccessVectorValues.Floats f) {
            return new DotSupplier(f);
        }
        return LUCENE.getRandomVectorScorerSupplier(similarity, values);
    }

    @Override
    public RandomVectorScorer getRandomVectorScorer(VectorSimilarityFunction similarity,
            RandomAccessVectorValues values, float[] target) throws IOException {
        if (similarity == VectorSimilarityFunction.DOT_PRODUCT && values instanceof RandomAccessVectorValues.Floats f) {
            if (target.length != f.dimension()) {
                throw new IllegalArgumentException("vector query dimension: " + target.length
                        + " differs from field dimension: " + f.dimension());
            }
            return new DotScorer(f, target);
        }
        return LUCENE.getRandomVectorScorer(similarity, values, target);
    }

    @Override
    public RandomVectorScorer getRandomVectorScorer(VectorSimilarityFunction similarity,
            RandomAccessVectorValues values, byte[] target) throws IOException {
        return LUCENE.getRandomVectorScorer(similarity, values, target);
    }

    @Override
    public String toString() {
        return "SimdVectorScorer(" + Vectors.dotImplementation() + ")";
    }

    /** Scores every node against one query vector. */
    private static final class DotScorer extends RandomVectorScorer.AbstractRandomVectorScorer {
        private final RandomAccessVectorValues.Floats values;
        private final float[] query;

        DotScorer(RandomAccessVectorValues.Floats values, float[] query) {
            super(values);
            this.values = values;
            this.query = query;
        }

        @Override
        public float score(int node) throws IOException {
            return SimdVectorScorer.score(Vectors.dot(query, values.vectorValue(node)));
        }
    }

    /**
     * Scorers against one of the field's own vectors, for building and merging graphs: the query vector is copied
     * out of a copy of the values (a read may reuse one buffer). Scorers of one supplier share the values they read
     * nodes from, each read used at once, as Lucene's own supplier does; other threads take a {@link #copy}.
     */
    private static final class DotSupplier implements RandomVectorScorerSupplier {
        private final RandomAccessVectorValues.Floats values;
        private final RandomAccessVectorValues.Floats queries;

        DotSupplier(RandomAccessVectorValues.Floats values) throws IOException {
            this.values = values;
            this.queries = values.copy();
        }

        @Override
        public RandomVectorScorer scorer(int ord) throws IOException {
            return new DotScorer(values, queries.vectorValue(ord).clone());
        }

        @Override
        public RandomVectorScorerSupplier copy() throws IOException {
            return new DotSupplier(values.copy());
        }

        @Override
        public String toString() {
            return "DotSupplier(SIMD where available)";
        }
    }
}
