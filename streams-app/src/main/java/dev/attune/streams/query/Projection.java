package dev.attune.streams.query;

import java.util.List;

/**
 * Principal-component projection of a few vectors (a user's interests and recommended items) to
 * two dimensions, so that a person can see which items sit near which interest. With n points of
 * dimension d (n small, d ~ 384) it works on the n x n Gram matrix of the centred points: its top
 * eigenvectors scaled by the square roots of their eigenvalues are the PCA coordinates.
 */
public final class Projection {

    private static final int ITERATIONS = 200;

    private Projection() {
    }

    /** One (x, y) per input vector, same order; all vectors must have the same dimension. */
    public static double[][] toPlane(List<float[]> vectors) {
        int n = vectors.size();
        double[][] points = new double[n][2];
        if (n < 2) {
            return points;
        }
        double[][] gram = centredGram(vectors);
        for (int component = 0; component < 2; component++) {
            double[] eigenvector = powerIteration(gram, component);
            double eigenvalue = rayleigh(gram, eigenvector);
            double scale = Math.sqrt(Math.max(eigenvalue, 0));
            for (int i = 0; i < n; i++) {
                points[i][component] = eigenvector[i] * scale;
            }
            deflate(gram, eigenvector, eigenvalue);
        }
        return points;
    }

    private static double[][] centredGram(List<float[]> vectors) {
        int n = vectors.size();
        int d = vectors.get(0).length;
        double[] mean = new double[d];
        for (float[] v : vectors) {
            if (v.length != d) {
                throw new IllegalArgumentException("vectors of different dimensions: " + v.length + " and " + d);
            }
            for (int k = 0; k < d; k++) {
                mean[k] += v[k] / (double) n;
            }
        }
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += (vectors.get(i)[k] - mean[k]) * (vectors.get(j)[k] - mean[k]);
                }
                gram[i][j] = dot;
                gram[j][i] = dot;
            }
        }
        return gram;
    }

    private static double[] powerIteration(double[][] matrix, int seed) {
        int n = matrix.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            // A fixed, non-symmetric start so the result is deterministic and rarely orthogonal to the answer.
            v[i] = 1.0 + (i * 0.37 + seed * 0.11) % 1.0;
        }
        normalise(v);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            double[] next = multiply(matrix, v);
            if (normalise(next) == 0) {
                return new double[n];
            }
            v = next;
        }
        return v;
    }

    private static double rayleigh(double[][] matrix, double[] v) {
        double[] mv = multiply(matrix, v);
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i] * mv[i];
        }
        return sum;
    }

    private static void deflate(double[][] matrix, double[] v, double eigenvalue) {
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                matrix[i][j] -= eigenvalue * v[i] * v[j];
            }
        }
    }

    private static double[] multiply(double[][] matrix, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += matrix[i][j] * v[j];
            }
        }
        return out;
    }

    private static double normalise(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
        }
        return norm;
    }
}
