package dev.attune.streams.catalogue;

import dev.attune.vector.Vectors;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * An in-memory approximate nearest-neighbour index of unit vectors by string id: Lucene's HNSW
 * graphs (one per segment) over a heap directory, with upserts and deletes through an
 * {@link IndexWriter} and near-real-time readers. Safe for one writer thread (the global-store
 * thread) and many searching threads (stream threads, REST). It is derived state: it is rebuilt
 * from the global store on start and never persisted.
 */
public final class VectorIndex implements Closeable {

    private static final String ID = "id";
    private static final String VECTOR = "v";
    private static final double RAM_BUFFER_MB = 32;

    private final int dimension;
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private volatile boolean stale;

    /** One neighbour: its id, cosine similarity to the query, and its vector. */
    public record Hit(String id, float similarity, float[] vector) {
    }

    public VectorIndex(int dimension) {
        this.dimension = dimension;
        try {
            writer = new IndexWriter(directory, new IndexWriterConfig().setRAMBufferSizeMB(RAM_BUFFER_MB));
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int dimension() {
        return dimension;
    }

    public void upsert(String id, float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("expected " + dimension + " components, got " + vector.length);
        }
        Document doc = new Document();
        doc.add(new StringField(ID, id, Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        try {
            writer.updateDocument(new Term(ID, id), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ids.add(id);
        stale = true;
    }

    public void delete(String id) {
        try {
            writer.deleteDocuments(new Term(ID, id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ids.remove(id);
        stale = true;
    }

    public boolean contains(String id) {
        return ids.contains(id);
    }

    public int size() {
        return ids.size();
    }

    /** The (approximately) {@code k} nearest vectors to {@code query}, most similar first. */
    public List<Hit> search(float[] query, int k) {
        if (k <= 0 || ids.isEmpty()) {
            return List.of();
        }
        try {
            refreshIfStale();
            IndexSearcher searcher = searchers.acquire();
            try {
                TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, k), k);
                List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
                List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc sd : top.scoreDocs) {
                    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
                    int doc = sd.doc - leaf.docBase;
                    String id = leaf.reader().storedFields().document(doc).get(ID);
                    FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
                    values.advance(doc);
                    float[] vector = values.vectorValue().clone();
                    hits.add(new Hit(id, Vectors.dot(query, vector), vector));
                }
                hits.sort((a, b) -> Float.compare(b.similarity(), a.similarity()));
                return hits;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void refreshIfStale() throws IOException {
        if (stale) {
            // Cleared before refreshing: a write racing with this refresh marks it stale again.
            stale = false;
            searchers.maybeRefreshBlocking();
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
