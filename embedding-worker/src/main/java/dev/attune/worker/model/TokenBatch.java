package dev.attune.worker.model;

/** Tokenised texts padded to one length: the encoder's three int64 inputs, row-major [batch, tokens]. */
record TokenBatch(long[] inputIds, long[] attentionMask, long[] tokenTypeIds, int batch, int tokens) {
}
