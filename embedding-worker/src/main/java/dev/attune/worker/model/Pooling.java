package dev.attune.worker.model;

/** How a sentence vector is made from the encoder's per-token hidden states. */
public enum Pooling {
    /** Mean of the hidden states of the real (unpadded) tokens: sentence-transformers' MiniLM and e5. */
    MEAN,
    /** The hidden state of the first ([CLS]) token: the bge family. */
    CLS;

    /**
     * Pools {@code hidden} ([batch, tokens, dim], row-major) with {@code mask} ([batch, tokens]) into one
     * unit vector per row.
     */
    float[][] pool(float[] hidden, long[] mask, int batch, int tokens, int dim) {
        float[][] out = new float[batch][dim];
        for (int b = 0; b < batch; b++) {
            float[] v = out[b];
            int base = b * tokens * dim;
            if (this == CLS) {
                System.arraycopy(hidden, base, v, 0, dim);
            } else {
                int count = 0;
                for (int t = 0; t < tokens; t++) {
                    if (mask[b * tokens + t] == 0) {
                        continue;
                    }
                    count++;
                    int row = base + t * dim;
                    for (int d = 0; d < dim; d++) {
                        v[d] += hidden[row + d];
                    }
                }
                // Scaling by 1/count is unnecessary before L2 normalisation, but keeps the intermediate sane.
                float inv = 1f / Math.max(count, 1);
                for (int d = 0; d < dim; d++) {
                    v[d] *= inv;
                }
            }
            dev.attune.vector.Vectors.normalizeInPlace(v);
        }
        return out;
    }
}
