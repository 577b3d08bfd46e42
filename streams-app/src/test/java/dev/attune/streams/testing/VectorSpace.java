package dev.attune.streams.testing;

import dev.attune.schema.Vector;
import dev.attune.vector.Vectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic but meaningful 384-d embeddings: each named direction (a genre, a theme) is a fixed
 * random unit vector (nearly orthogonal to the others in 384 dimensions), and an item is a
 * weighted mix of directions plus Gaussian noise, normalised. Two items of one genre then have a
 * cosine around 0.5-0.6, items of different genres around 0, as real sentence embeddings of
 * similar and unrelated texts do.
 */
public final class VectorSpace {

    public static final int DIMENSION = 384;
    public static final String MODEL = "all-MiniLM-L6-v2";

    private final Map<String, float[]> directions = new HashMap<>();
    private final Random random;

    public VectorSpace(long seed) {
        this.random = new Random(seed);
    }

    /** The unit direction named {@code name} (created on first use). */
    public float[] direction(String name) {
        return directions.computeIfAbsent(name, n -> {
            float[] v = new float[DIMENSION];
            for (int i = 0; i < DIMENSION; i++) {
                v[i] = (float) random.nextGaussian();
            }
            return Vectors.normalizeInPlace(v);
        });
    }

    /** normalise(sum of weight * direction + noise * gaussian/sqrt(d)): {@code noise} is the noise's expected length. */
    public float[] mix(double noise, Object... nameWeightPairs) {
        float[] v = new float[DIMENSION];
        for (int p = 0; p < nameWeightPairs.length; p += 2) {
            float[] d = direction((String) nameWeightPairs[p]);
            double w = ((Number) nameWeightPairs[p + 1]).doubleValue();
            for (int i = 0; i < DIMENSION; i++) {
                v[i] += (float) (w * d[i]);
            }
        }
        double perComponent = noise / Math.sqrt(DIMENSION);
        for (int i = 0; i < DIMENSION; i++) {
            v[i] += (float) (random.nextGaussian() * perComponent);
        }
        return Vectors.normalizeInPlace(v);
    }

    public static Vector avro(float[] v) {
        List<Float> values = new ArrayList<>(v.length);
        for (float x : v) {
            values.add(x);
        }
        return new Vector(MODEL, v.length, values);
    }
}
