package dev.attune.bench.quality.vectors;

import java.util.List;

/** Texts to unit vectors with one model; the evaluator's seam onto the embedding worker's encoder. */
public interface TextEmbedder extends AutoCloseable {

    /** Identifies the model (and anything else that changes its vectors): part of the cache key. */
    String modelId();

    /** Unit vectors, one per text, in order. */
    List<float[]> embed(List<String> texts) throws Exception;

    @Override
    default void close() {
    }
}
