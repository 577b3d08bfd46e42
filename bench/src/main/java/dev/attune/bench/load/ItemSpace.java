package dev.attune.bench.load;

import dev.attune.vector.Vectors;
import java.util.SplittableRandom;

/**
 * Synthetic clustered unit vectors standing in for item embeddings: {@code clusters} random unit
 * centres (think genres) and each item its centre plus Gaussian noise of norm about
 * {@code spread}, normalised. With spread 1 an item's cosine to its centre is about 0.7 and two
 * items of one cluster about 0.5, close to what a sentence encoder gives films of one genre.
 * Deterministic in the seed.
 */
public final class ItemSpace {

    private final int dimension;
    private final float[][] centres;
    private final double spread;
    private final long seed;

    public ItemSpace(int dimension, int clusters, double spread, long seed) {
        this.dimension = dimension;
        this.spread = spread;
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        centres = new float[clusters][];
        for (int c = 0; c < clusters; c++) {
            centres[c] = gaussianUnit(random, dimension);
        }
    }

    public int dimension() {
        return dimension;
    }

    public int clusters() {
        return centres.length;
    }

    /** The cluster of item {@code index} (stable: item index modulo a prime stride, so popular items spread over clusters). */
    public int clusterOf(int index) {
        return (int) Math.floorMod(index * 7919L, (long) centres.length);
    }

    /** The vector of item {@code index}: always the same for the same index and seed. */
    public float[] item(int index) {
        return around(centres[clusterOf(index)], spread, new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1))));
    }

    /** A query facet about cluster {@code cluster}: tighter around the centre than items are. */
    public float[] facet(int cluster, SplittableRandom random) {
        return around(centres[cluster], spread / 2, random);
    }

    private float[] around(float[] centre, double noise, SplittableRandom random) {
        float[] v = new float[dimension];
        double sd = noise / Math.sqrt(dimension);
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) (centre[i] + sd * gaussian(random));
        }
        return Vectors.normalizeInPlace(v);
    }

    static float[] gaussianUnit(SplittableRandom random, int dimension) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) gaussian(random);
        }
        return Vectors.normalizeInPlace(v);
    }

    /** Box-Muller: SplittableRandom has no nextGaussian on Java 17. */
    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
