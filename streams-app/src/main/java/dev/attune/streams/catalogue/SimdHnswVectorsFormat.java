package dev.attune.streams.catalogue;

import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsWriter;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's HNSW format (same graph, same files, same defaults: {@link Lucene99HnswVectorsFormat}) scoring with
 * {@link SimdVectorScorer}: on JDK 17 Lucene compares vectors with a scalar loop (its own SIMD needs JDK 21), and
 * those comparisons are most of a graph search and of building a graph (the catalogue's merge after a start).
 *
 * <p>Lucene finds a segment's vector format by name when it opens the segment, so this class is registered in
 * {@code META-INF/services/org.apache.lucene.codecs.KnnVectorsFormat}.
 */
public final class SimdHnswVectorsFormat extends KnnVectorsFormat {

    static final String NAME = "AttuneSimdHnsw";

    private static final FlatVectorsFormat FLAT = new Lucene99FlatVectorsFormat(new SimdVectorScorer());

    /** Lucene's defaults for the graph: 16 neighbours per node, a beam of 100 while building. */
    public SimdHnswVectorsFormat() {
        super(NAME);
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        // one merge worker, no executor: as Lucene99HnswVectorsFormat's default
        return new Lucene99HnswVectorsWriter(state, Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN,
                Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH, FLAT.fieldsWriter(state), 1, null);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return new Lucene99HnswVectorsReader(state, FLAT.fieldsReader(state));
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return DEFAULT_MAX_DIMENSIONS;
    }

    @Override
    public String toString() {
        return NAME + "(maxConn=" + Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN + ", beamWidth="
                + Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH + ", scorer=" + FLAT + ")";
    }
}
