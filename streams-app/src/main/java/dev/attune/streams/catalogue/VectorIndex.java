package dev.attune.streams.catalogue;

import dev.attune.streams.model.SeenFilter;
import dev.attune.vector.Vectors;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.hnsw.HnswGraphProvider;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.MergeScheduler;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OrdinalTranslatedKnnCollector;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * An in-memory approximate nearest-neighbour index of unit vectors by string id: Lucene's HNSW
 * graphs (one per segment) over a heap directory, with upserts and deletes through an
 * {@link IndexWriter} and near-real-time readers. Safe for one writer thread (the global-store
 * thread) and many searching threads (stream threads, REST). It is derived state: it is rebuilt
 * from the global store on start and never persisted.
 *
 * <p>Each document carries a numeric ordinal (doc values) that maps, in memory, to its id: a hit's id
 * costs one doc-values read instead of a stored-fields read (a block decompression per hit).
 *
 * <p>A search walks a segment's graph scoring nodes from 8-bit codes of its vectors kept on the heap
 * ({@link SegmentCodes}), then scores its hits again from the float vectors: the hits' similarities are exact.
 */
public final class VectorIndex implements Closeable {

    private static final String ID = "id";
    private static final String VECTOR = "v";
    private static final String ORD = "ord";
    private static final double RAM_BUFFER_MB = 32;
    /** Lucene's codec, vectors compared by {@link Vectors#dot} (SIMD): {@link SimdHnswVectorsFormat}. */
    private static final Codec SIMD_CODEC = new Lucene912Codec() {
        private final KnnVectorsFormat vectors = new SimdHnswVectorsFormat();

        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return vectors;
        }
    };
    /**
     * A search that finds more segments than this starts a background merge into one: every segment's graph is
     * searched for all k hits, so two segments cost a search about twice what one does (measured in the pipeline
     * bench: a 10k-item catalogue loaded in two segments stayed in two with a limit of 2).
     */
    private static final int MAX_SEGMENTS = 1;
    /**
     * Least time between the starts of two such merges, and at least this many times the last one's
     * duration: with deletions a merge rebuilds the whole graph, so a catalogue updated all the time must
     * not keep a core busy merging (at most a tenth of one).
     */
    private static final long MERGE_INTERVAL_NANOS = 5_000_000_000L;
    private static final int MERGE_INTERVAL_PER_MERGE_TIME = 10;
    /** No such merge while the index is being written to (e.g. the catalogue loading): it waits this long after the last write. */
    private static final long MERGE_QUIET_NANOS = 1_000_000_000L;

    private final long mergeIntervalNanos;

    private final int dimension;
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /**
     * Id to its item (slot and vector) and the ordinal of its live document (ordinals are never reused; {@link #byOrd}
     * maps back). The vector is kept on the heap beside Lucene's copy (4 bytes a component: 15 MB for 10k items of
     * 384), so that a candidate gets its vector without reading Lucene's vector values or decoding the item's Avro
     * record.
     */
    private final Map<String, Indexed> items = new ConcurrentHashMap<>();
    private final OrdinalItems byOrd = new OrdinalItems();
    private long nextOrd;
    private int nextSlot;
    private volatile boolean stale;
    /** Bumped by every upsert and delete: search results cached at one version hold until the next. */
    private volatile long version;
    /** Doc to ordinal per segment core, for filters that look items up by doc inside a graph walk. */
    private final Map<Object, long[]> docOrds = new ConcurrentHashMap<>();
    /** The 8-bit codes of each segment core's vectors, for its graph walks. */
    private final Map<Object, SegmentCodes> codes = new ConcurrentHashMap<>();
    private final AtomicLong lastForcedMerge;
    /** How long the last merge into one segment took. */
    private volatile long lastForcedMergeNanos;
    private volatile long lastWrite = System.nanoTime();

    /**
     * One neighbour: the indexed item (its id, vector and {@linkplain Item#slot slot}; the index's own: callers must
     * not modify the vector) and its cosine similarity to the query. A hit carries its item because a search's caller
     * scores its hits: a lookup by id per hit was a tenth of a refresh (hash map misses).
     */
    public record Hit(Item item, float similarity) {
        /** A hit on a new item of that id, vector and slot (tests, benches). */
        public Hit(String id, float similarity, float[] vector, int slot) {
            this(new Item(id, slot, vector), similarity);
        }

        public String id() {
            return item.id();
        }

        public float[] vector() {
            return item.vector();
        }

        public int slot() {
            return item.slot();
        }
    }

    /**
     * An indexed item: its id, its vector (the index's own: callers must not modify it), its {@link #seenHash} and its
     * slot, a small number of its own that stays the same while the id stays indexed (across upserts), so that callers
     * can keep per-item values in an array instead of a map by id. Slots are dense and never reused: an id deleted and
     * indexed again gets a new one, and an array by slot grows with the ids ever indexed.
     */
    public static final class Item {
        private final String id;
        private final int slot;
        private final float[] vector;
        private final long seenHash;

        public Item(String id, int slot, float[] vector) {
            this.id = id;
            this.slot = slot;
            this.vector = vector;
            this.seenHash = SeenFilter.hash(id);
        }

        public String id() {
            return id;
        }

        public int slot() {
            return slot;
        }

        public float[] vector() {
            return vector;
        }

        /**
         * {@link SeenFilter#hash} of the id, computed once: a refresh tests a few hundred items against the user's
         * seen items, and hashing each id read its characters, scattered over the heap (3.1% of the stream threads'
         * samples under freshness traffic, 0.1% with this; bench/RESULTS.md 2026-12-02, late morning).
         */
        public long seenHash() {
            return seenHash;
        }

        @Override
        public String toString() {
            return "Item[" + id + ", slot " + slot + "]";
        }
    }

    /** A live item and the ordinal of its document. */
    private record Indexed(Item item, long ord) {
    }

    public VectorIndex(int dimension) {
        this(dimension, MERGE_INTERVAL_NANOS);
    }

    VectorIndex(int dimension, long mergeIntervalNanos) {
        this.dimension = dimension;
        this.mergeIntervalNanos = mergeIntervalNanos;
        this.lastForcedMerge = new AtomicLong(System.nanoTime() - mergeIntervalNanos);
        try {
            // A finished merge marks the reader stale, so the next search sees the merged segment.
            MergeScheduler merges = new ConcurrentMergeScheduler() {
                @Override
                protected void doMerge(MergeSource mergeSource, MergePolicy.OneMerge merge) throws IOException {
                    long start = System.nanoTime();
                    super.doMerge(mergeSource, merge);
                    stale = true;
                    if (merge.getStoreMergeInfo().mergeMaxNumSegments == 1) {
                        lastForcedMergeNanos = System.nanoTime() - start;
                    }
                }
            };
            // a merged segment's derived data is computed on the merge thread, before searches see the segment
            writer = new IndexWriter(directory, new IndexWriterConfig().setRAMBufferSizeMB(RAM_BUFFER_MB)
                    .setMergeScheduler(merges).setCodec(SIMD_CODEC).setMergedSegmentWarmer(this::prepare));
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
        Indexed current = items.get(id);
        Item item = new Item(id, current == null ? nextSlot++ : current.item().slot(), vector.clone());
        byOrd.put(ord, item);
        lastWrite = System.nanoTime();
        version++;
        Indexed previous = items.put(id, new Indexed(item, ord));
        if (previous != null) {
            byOrd.remove(previous.ord()); // a reader that still sees the old document skips it
        }
        stale = true;
    }

    public void delete(String id) {
        try {
            writer.deleteDocuments(new Term(ID, id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lastWrite = System.nanoTime();
        version++;
        Indexed previous = items.remove(id);
        if (previous != null) {
            byOrd.remove(previous.ord());
        }
        stale = true;
    }

    public boolean contains(String id) {
        return items.containsKey(id);
    }

    public int size() {
        return items.size();
    }

    /** Changes whenever the indexed items do (single writer: the increment needs no atomicity). */
    public long version() {
        return version;
    }

    /** The item's vector (shared: callers must not modify it), or null when the index has none. */
    public float[] vector(String id) {
        Item item = item(id);
        return item == null ? null : item.vector();
    }

    /** The indexed item, or null when the index has none of that id. */
    public Item item(String id) {
        Indexed indexed = id == null ? null : items.get(id);
        return indexed == null ? null : indexed.item();
    }

    /** The (approximately) {@code k} nearest vectors to {@code query}, most similar first. */
    public List<Hit> search(float[] query, int k) {
        return nearest(k, (searcher, leaves, hits) -> {
            if (leaves.size() == 1) {
                // One graph: search it directly, without the query rewrite, executor tasks and second
                // scoring pass of a searcher query.
                LeafReaderContext leaf = leaves.get(0);
                addHits(walk(leaf.reader(), query, k, leaf.reader().getLiveDocs(), Integer.MAX_VALUE), leaf, query,
                        hits);
            } else {
                // Several graphs: the query shares the k-th best score across segments, which prunes
                // their searches (measured: per-segment searches were slower at 100k items).
                ScoreDoc[] top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, k), k).scoreDocs;
                for (LeafReaderContext leaf : leaves) {
                    int end = leaf.docBase + leaf.reader().maxDoc();
                    addHits(Arrays.stream(top).filter(sd -> sd.doc >= leaf.docBase && sd.doc < end)
                            .map(sd -> new ScoreDoc(sd.doc - leaf.docBase, sd.score)).toArray(ScoreDoc[]::new),
                            leaf, query, hits);
                }
            }
        });
    }

    /**
     * The (approximately) {@code k} nearest vectors to {@code query} among items that {@code skip} rejects
     * not, most similar first: skipped items are stepped over inside the graph walk, so {@code k} hits
     * come back whenever the index holds {@code k} items that are not skipped. {@code skippedAtMost}
     * bounds how many items {@code skip} may reject (e.g. the size of a seen filter); when few items
     * would be left the search is exact (a scan) instead of an exhaustive graph walk, as Lucene's
     * filtered knn query does.
     */
    public List<Hit> search(float[] query, int k, Predicate<String> skip, int skippedAtMost) {
        return nearest(k, (searcher, leaves, hits) -> {
            for (LeafReaderContext leaf : leaves) {
                // one segment after the merge; with several, each is searched alone and the best k kept
                addHits(searchLeaf(leaf.reader(), query, k, skip, skippedAtMost), leaf, query, hits);
            }
        });
    }

    /** How one search collects hits from the segments of a searcher. */
    @FunctionalInterface
    private interface LeafSearch {
        void collect(IndexSearcher searcher, List<LeafReaderContext> leaves, List<Hit> hits) throws IOException;
    }

    /** Runs {@code search} on a fresh searcher (merging a fragmented index in the background) and keeps the best k. */
    private List<Hit> nearest(int k, LeafSearch search) {
        if (k <= 0 || items.isEmpty()) {
            return List.of();
        }
        try {
            refreshIfStale();
            IndexSearcher searcher = searchers.acquire();
            try {
                List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
                mergeIfFragmented(leaves.size());
                List<Hit> hits = new ArrayList<>(k);
                search.collect(searcher, leaves, hits);
                hits.sort((a, b) -> Float.compare(b.similarity(), a.similarity()));
                return hits.size() > k ? new ArrayList<>(hits.subList(0, k)) : hits;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ScoreDoc[] searchLeaf(LeafReader reader, float[] query, int k, Predicate<String> skip, int skippedAtMost)
            throws IOException {
        long[] ordOf = docOrds(reader);
        Bits live = reader.getLiveDocs();
        Bits accept = new Bits() {
            @Override
            public boolean get(int doc) {
                if (live != null && !live.get(doc)) {
                    return false;
                }
                Item item = byOrd.get(ordOf[doc]);
                return item != null && !skip.test(item.id());
            }

            @Override
            public int length() {
                return ordOf.length;
            }
        };
        // at least this many documents pass the filter, up to replaced documents not yet merged away
        int accepted = reader.numDocs() - Math.max(0, skippedAtMost);
        if (accepted > k) {
            ScoreDoc[] walked = walk(reader, query, k, accept, accepted);
            if (walked != null) {
                return walked;
            }
        }
        // few documents pass, or the walk visited as many as pass: scan them
        FloatVectorValues vectors = reader.getFloatVectorValues(VECTOR);
        if (vectors == null) {
            return new ScoreDoc[0];
        }
        PriorityQueue<ScoreDoc> best = new PriorityQueue<>(k + 1,
                (a, b) -> a.score != b.score ? Float.compare(a.score, b.score) : Integer.compare(b.doc, a.doc));
        for (int doc = vectors.nextDoc(); doc != FloatVectorValues.NO_MORE_DOCS; doc = vectors.nextDoc()) {
            if (accept.get(doc)) {
                best.add(new ScoreDoc(doc, SimdVectorScorer.score(Vectors.dot(query, vectors.vectorValue()))));
                if (best.size() > k) {
                    best.poll();
                }
            }
        }
        return best.toArray(ScoreDoc[]::new);
    }

    /**
     * The approximately {@code k} nearest documents of {@code acceptDocs} (null: all) found by walking the segment's
     * graph as Lucene's own search does, scored from the segment's {@link SegmentCodes}; null when the walk visited
     * {@code visitLimit} nodes before it was done (the caller then scans, as Lucene's filtered query does).
     */
    private ScoreDoc[] walk(LeafReader reader, float[] query, int k, Bits acceptDocs, int visitLimit)
            throws IOException {
        FloatVectorValues vectors = reader.getFloatVectorValues(VECTOR);
        if (vectors == null) {
            return new ScoreDoc[0];
        }
        HnswGraph graph = graph(reader);
        if (graph == null || !(vectors instanceof RandomAccessVectorValues.Floats values)) {
            // not a segment in this index's own format (never, as written): Lucene's search, scored from floats
            TopDocs top = reader.searchNearestVectors(VECTOR, query, k, acceptDocs, visitLimit);
            return top.totalHits.relation == TotalHits.Relation.EQUAL_TO ? top.scoreDocs : null;
        }
        RandomVectorScorer scorer = codes(reader, values).scorer(values, query);
        TopKnnCollector top = new TopKnnCollector(k, visitLimit);
        Bits acceptOrds = scorer.getAcceptOrds(acceptDocs);
        if (k < scorer.maxOrd()) {
            HnswGraphSearcher.search(scorer, new OrdinalTranslatedKnnCollector(top, scorer::ordToDoc), graph,
                    acceptOrds);
        } else {
            // as many hits asked for as there are vectors: every one (as Lucene's reader does)
            for (int ord = 0; ord < scorer.maxOrd() && !top.earlyTerminated(); ord++) {
                if (acceptOrds == null || acceptOrds.get(ord)) {
                    top.incVisitedCount(1);
                    top.collect(scorer.ordToDoc(ord), scorer.score(ord));
                }
            }
        }
        return top.earlyTerminated() ? null : top.topDocs().scoreDocs;
    }

    /** The segment's HNSW graph of the vector field, or null when its reader is not one of this index's codec. */
    private static HnswGraph graph(LeafReader reader) throws IOException {
        if (reader instanceof CodecReader codec
                && codec.getVectorReader() instanceof PerFieldKnnVectorsFormat.FieldsReader fields
                && fields.getFieldReader(VECTOR) instanceof HnswGraphProvider graphs) {
            return graphs.getGraph(VECTOR);
        }
        return null;
    }

    /**
     * Computes what searches of a segment derive from it (doc ordinals, {@link SegmentCodes}): the writer calls this
     * for each merged segment on the merge thread, before a reader shows the segment to a search. The first search of
     * a merged segment built them itself: about 40 ms of a stream thread at 100k items (bench/RESULTS.md, 2026-12-01
     * evening). A flushed segment (small, and merged soon) gets them at its first search.
     */
    private void prepare(LeafReader reader) throws IOException {
        docOrds(reader);
        if (reader.getFloatVectorValues(VECTOR) instanceof RandomAccessVectorValues.Floats values) {
            codes(reader, values);
        }
    }

    private SegmentCodes codes(LeafReader reader, RandomAccessVectorValues.Floats values) throws IOException {
        return perSegment(reader, codes, () -> SegmentCodes.of(values));
    }

    /** Bytes of 8-bit codes kept on the heap for the current segments' graph walks ({@link SegmentCodes}). */
    long codeBytes() {
        return codes.values().stream().mapToLong(SegmentCodes::bytes).sum();
    }

    /** How one segment's derived data is computed (once per segment core). */
    @FunctionalInterface
    private interface SegmentData<T> {
        T compute() throws IOException;
    }

    /**
     * {@code cache}'s value for the segment's core, computed once per core (two threads may both compute it; one
     * value is kept) and dropped when the core closes; computed on every call for a reader without a core key.
     */
    private static <T> T perSegment(LeafReader reader, Map<Object, T> cache, SegmentData<T> data) throws IOException {
        IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
        Object key = helper == null ? null : helper.getKey();
        T cached = key == null ? null : cache.get(key);
        if (cached != null) {
            return cached;
        }
        T computed = data.compute();
        if (key != null) {
            T raced = cache.putIfAbsent(key, computed);
            if (raced != null) {
                return raced;
            }
            helper.addClosedListener(cache::remove);
        }
        return computed;
    }

    /** The ordinal of each document of a segment (-1: none), read once per segment and dropped with it. */
    private long[] docOrds(LeafReader reader) throws IOException {
        return perSegment(reader, docOrds, () -> readDocOrds(reader));
    }

    private static long[] readDocOrds(LeafReader reader) throws IOException {
        long[] ordOf = new long[reader.maxDoc()];
        Arrays.fill(ordOf, -1);
        NumericDocValues values = DocValues.getNumeric(reader, ORD);
        for (int doc = values.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = values.nextDoc()) {
            ordOf[doc] = values.longValue();
        }
        return ordOf;
    }

    /** Segments of the current reader: 1 once a background merge has caught up with the writes (benches wait for it). */
    public int segments() {
        try {
            refreshIfStale();
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().leaves().size();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One segment's hits, in the order given, with their items (through the segment's doc-to-ordinal array) and their
     * similarity to {@code query} from the float vectors (a walk's scores are from codes).
     */
    private void addHits(ScoreDoc[] scoreDocs, LeafReaderContext leaf, float[] query, List<Hit> hits)
            throws IOException {
        if (scoreDocs.length == 0) {
            return;
        }
        long[] ordOf = docOrds(leaf.reader());
        for (ScoreDoc sd : scoreDocs) {
            Item item = ordOf[sd.doc] < 0 ? null : byOrd.get(ordOf[sd.doc]);
            if (item == null) {
                continue; // replaced or deleted since this reader opened
            }
            hits.add(new Hit(item, Vectors.dot(query, item.vector())));
        }
    }

    private void refreshIfStale() throws IOException {
        if (stale) {
            // Cleared before refreshing: a write racing with this refresh marks it stale again.
            stale = false;
            searchers.maybeRefreshBlocking();
        }
    }

    /**
     * Starts a background merge into one segment when the current reader has more than
     * {@link #MAX_SEGMENTS}: a load interleaved with searches (each refresh flushes a segment) leaves
     * dozens, and a search of several HNSW graphs costs more than a search of one. The merge runs on the
     * merge scheduler's thread, once writes have paused for a second; searches use the current segments
     * until it is done. On the search path this is a size check while the index is in one or two segments.
     */
    private void mergeIfFragmented(int segments) throws IOException {
        if (segments <= MAX_SEGMENTS) {
            return;
        }
        long now = System.nanoTime();
        long last = lastForcedMerge.get();
        long interval = Math.max(mergeIntervalNanos, MERGE_INTERVAL_PER_MERGE_TIME * lastForcedMergeNanos);
        if (now - lastWrite < MERGE_QUIET_NANOS || now - last < interval || writer.hasPendingMerges()
                || !writer.getMergingSegments().isEmpty() || !lastForcedMerge.compareAndSet(last, now)) {
            return;
        }
        writer.forceMerge(1, false);
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.rollback(); // derived state, nothing to commit; aborts a background merge instead of waiting for it
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ordinal to item, for one writer and many readers: chunks of atomic slots, so a read is an array
     * index and a volatile load (no boxing, no hashing). Ordinals only grow; a freed slot stays null.
     */
    private static final class OrdinalItems {
        private static final int CHUNK_BITS = 12;
        private static final int CHUNK_MASK = (1 << CHUNK_BITS) - 1;
        @SuppressWarnings("unchecked")
        private volatile AtomicReferenceArray<Item>[] chunks = new AtomicReferenceArray[0];

        Item get(long ord) {
            AtomicReferenceArray<Item>[] c = chunks;
            long chunk = ord >>> CHUNK_BITS;
            return chunk < c.length ? c[(int) chunk].get((int) (ord & CHUNK_MASK)) : null;
        }

        /** Writer thread only. */
        void put(long ord, Item item) {
            int chunk = Math.toIntExact(ord >>> CHUNK_BITS);
            if (chunk >= chunks.length) {
                AtomicReferenceArray<Item>[] grown = Arrays.copyOf(chunks, chunk + 1);
                for (int i = chunks.length; i < grown.length; i++) {
                    grown[i] = new AtomicReferenceArray<>(1 << CHUNK_BITS);
                }
                chunks = grown;
            }
            chunks[chunk].set((int) (ord & CHUNK_MASK), item);
        }

        /** Writer thread only. */
        void remove(long ord) {
            put(ord, null);
        }
    }
}
