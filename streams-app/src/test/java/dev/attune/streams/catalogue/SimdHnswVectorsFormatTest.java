package dev.attune.streams.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attune.vector.Vectors;
import java.io.IOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

class SimdHnswVectorsFormatTest {

    private static final int DIMENSION = 48;
    private static final int ITEMS = 2_000;

    @Test
    void shouldBeFoundByNameAsLuceneOpensASegment() {
        assertThat(KnnVectorsFormat.forName(SimdHnswVectorsFormat.NAME)).isInstanceOf(SimdHnswVectorsFormat.class);
    }

    @Test
    void shouldScoreAsLucenesDotProduct() {
        Random random = new Random(3);
        for (int i = 0; i < 100; i++) {
            float[] a = randomUnit(random);
            float[] b = randomUnit(random);
            assertThat(SimdVectorScorer.score(Vectors.dot(a, b)))
                    .isCloseTo(VectorSimilarityFunction.DOT_PRODUCT.compare(a, b), within(1e-6f));
        }
        assertThat(SimdVectorScorer.score(-1f)).isZero();
    }

    @Test
    void shouldBuildMergeAndSearchGraphsAsGoodAsLucenesOwn() throws IOException {
        Random random = new Random(11);
        float[][] vectors = IntStream.range(0, ITEMS).mapToObj(i -> randomUnit(random)).toArray(float[][]::new);
        float[][] queries = IntStream.range(0, 50).mapToObj(i -> randomUnit(random)).toArray(float[][]::new);

        double simd = recallAt10(new SimdHnswVectorsFormat(), vectors, queries);
        double lucene = recallAt10(new Lucene99HnswVectorsFormat(), vectors, queries);

        // the same graph construction with the same scores: the same recall, give or take float rounding's effect on
        // ties (a broken scorer builds a graph that finds next to none of the true neighbours)
        assertThat(lucene).isGreaterThan(0.5);
        assertThat(simd).isCloseTo(lucene, within(0.03));
    }

    /** Recall@10 against exact search, with hits' scores checked against Lucene's dot-product score on the way. */
    private static double recallAt10(KnnVectorsFormat format, float[][] vectors, float[][] queries) throws IOException {
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            IndexWriterConfig config = new IndexWriterConfig().setCodec(new Lucene912Codec() {
                @Override
                public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return format;
                }
            }).setMaxBufferedDocs(500); // several segments, then merged: both graph builds use the format's scorer
            try (IndexWriter writer = new IndexWriter(directory, config)) {
                for (int i = 0; i < vectors.length; i++) {
                    Document doc = new Document();
                    doc.add(new KnnFloatVectorField("v", vectors[i], VectorSimilarityFunction.DOT_PRODUCT));
                    doc.add(new StoredField("i", i));
                    writer.addDocument(doc);
                }
                writer.forceMerge(1);
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertThat(reader.leaves()).hasSize(1);
                LeafReaderContext leaf = reader.leaves().get(0);
                assertThat(leaf.reader().getFieldInfos().fieldInfo("v").getAttribute("PerFieldKnnVectorsFormat.format"))
                        .isEqualTo(format.getName());
                IndexSearcher searcher = new IndexSearcher(reader);
                int found = 0;
                for (float[] query : queries) {
                    Set<Integer> approximate = new HashSet<>();
                    for (ScoreDoc hit : searcher.search(new KnnFloatVectorQuery("v", query, 10), 10).scoreDocs) {
                        int item = searcher.storedFields().document(hit.doc).getField("i").numericValue().intValue();
                        approximate.add(item);
                        assertThat(hit.score).isCloseTo(
                                VectorSimilarityFunction.DOT_PRODUCT.compare(query, vectors[item]), within(1e-6f));
                    }
                    found += (int) exactNearest(vectors, query, 10).filter(approximate::contains).count();
                }
                return found / (double) (queries.length * 10);
            }
        }
    }

    private static IntStream exactNearest(float[][] vectors, float[] query, int k) {
        return IntStream.range(0, vectors.length).boxed()
                .sorted(Comparator.comparingDouble(i -> -Vectors.dot(vectors[i], query)))
                .limit(k).mapToInt(Integer::intValue);
    }

    private static float[] randomUnit(Random random) {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.normalizeInPlace(v);
    }
}
