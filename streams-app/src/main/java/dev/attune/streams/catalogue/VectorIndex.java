package dev.attune.streams.catalogue;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
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
 *
 * <p>Each document carries a numeric ordinal (doc values) that maps, in memory, to its id: a hit's id
 * costs one doc-values read instead of a stored-fields read (a block decompression per hit).
 */
public final class VectorIndex implements Closeable {

    private static final String ID = "id";
    private static final String VECTOR = "v";
    private static final String ORD = "ord";
    private static final double RAM_BUFFER_MB = 32;

    private final int dimension;
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Id to the ordinal of its live document, and back; ordinals are never reused. */
    private final Map<String, Long> ords = new ConcurrentHashMap<>();
    private final OrdinalIds idsByOrd = new OrdinalIds();
    private long nextOrd;
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
        long ord = nextOrd++;
        Document doc = new Document();
        doc.add(new StringField(ID, id, Field.Store.NO));
        doc.add(new NumericDocValuesField(ORD, ord));
        doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        try {
            writer.updateDocument(new Term(ID, id), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        idsByOrd.put(ord, id);
        Long previous = ords.put(id, ord);
        if (previous != null) {
            idsByOrd.remove(previous); // a reader that still sees the old document skips it
        }
        stale = true;
    }

    public void delete(String id) {
        try {
            writer.deleteDocuments(new Term(ID, id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Long previous = ords.remove(id);
        if (previous != null) {
            idsByOrd.remove(previous);
        }
        stale = true;
    }

    public boolean contains(String id) {
        return ords.containsKey(id);
    }

    public int size() {
        return ords.size();
    }

    /** The (approximately) {@code k} nearest vectors to {@code query}, most similar first. */
    public List<Hit> search(float[] query, int k) {
        if (k <= 0 || ords.isEmpty()) {
            return List.of();
        }
        try {
            refreshIfStale();
            IndexSearcher searcher = searchers.acquire();
            try {
                List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
                List<Hit> hits = new ArrayList<>(k);
                if (leaves.size() == 1) {
                    // One graph: search it directly, without the query rewrite, executor tasks and second
                    // scoring pass of a searcher query.
                    LeafReaderContext leaf = leaves.get(0);
                    addHits(query, leaf.reader().searchNearestVectors(VECTOR, query, k, leaf.reader().getLiveDocs(),
                            Integer.MAX_VALUE).scoreDocs, leaf, hits);
                } else {
                    // Several graphs: the query shares the k-th best score across segments, which prunes
                    // their searches (measured: per-segment searches were slower at 100k items).
                    ScoreDoc[] top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, k), k).scoreDocs;
                    for (int i = 0; i < leaves.size(); i++) {
                        LeafReaderContext leaf = leaves.get(i);
                        int end = leaf.docBase + leaf.reader().maxDoc();
                        addHits(query, Arrays.stream(top).filter(sd -> sd.doc >= leaf.docBase && sd.doc < end)
                                .map(sd -> new ScoreDoc(sd.doc - leaf.docBase, sd.score)).toArray(ScoreDoc[]::new),
                                leaf, hits);
                    }
                }
                hits.sort((a, b) -> Float.compare(b.similarity(), a.similarity()));
                return hits.size() > k ? new ArrayList<>(hits.subList(0, k)) : hits;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids and vectors of one segment's hits, read in doc order (doc-values and vector iterators only move forward). */
    private void addHits(float[] query, ScoreDoc[] scoreDocs, LeafReaderContext leaf, List<Hit> hits) throws IOException {
        if (scoreDocs.length == 0) {
            return;
        }
        ScoreDoc[] byDoc = scoreDocs.clone();
        Arrays.sort(byDoc, Comparator.comparingInt(sd -> sd.doc));
        NumericDocValues ordValues = DocValues.getNumeric(leaf.reader(), ORD);
        FloatVectorValues vectors = leaf.reader().getFloatVectorValues(VECTOR);
        for (ScoreDoc sd : byDoc) {
            String id = ordValues.advanceExact(sd.doc) ? idsByOrd.get(ordValues.longValue()) : null;
            if (id == null || vectors.advance(sd.doc) != sd.doc) {
                continue; // replaced or deleted since this reader opened
            }
            float[] vector = vectors.vectorValue().clone();
            // DOT_PRODUCT scores are (1 + cosine) / 2 for unit vectors
            hits.add(new Hit(id, 2 * sd.score - 1, vector));
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

    /**
     * Ordinal to id, for one writer and many readers: chunks of atomic slots, so a read is an array
     * index and a volatile load (no boxing, no hashing). Ordinals only grow; a freed slot stays null.
     */
    private static final class OrdinalIds {
        private static final int CHUNK_BITS = 12;
        private static final int CHUNK_MASK = (1 << CHUNK_BITS) - 1;
        @SuppressWarnings("unchecked")
        private volatile AtomicReferenceArray<String>[] chunks = new AtomicReferenceArray[0];

        String get(long ord) {
            AtomicReferenceArray<String>[] c = chunks;
            long chunk = ord >>> CHUNK_BITS;
            return chunk < c.length ? c[(int) chunk].get((int) (ord & CHUNK_MASK)) : null;
        }

        /** Writer thread only. */
        void put(long ord, String id) {
            int chunk = Math.toIntExact(ord >>> CHUNK_BITS);
            if (chunk >= chunks.length) {
                AtomicReferenceArray<String>[] grown = Arrays.copyOf(chunks, chunk + 1);
                for (int i = chunks.length; i < grown.length; i++) {
                    grown[i] = new AtomicReferenceArray<>(1 << CHUNK_BITS);
                }
                chunks = grown;
            }
            chunks[chunk].set((int) (ord & CHUNK_MASK), id);
        }

        /** Writer thread only. */
        void remove(long ord) {
            put(ord, null);
        }
    }
}
