package dev.attune.streams.catalogue;

import dev.attune.schema.Vector;
import dev.attune.streams.errors.Reason;
import dev.attune.streams.errors.Rejection;
import dev.attune.vector.Vectors;

/** Checks an incoming vector against the contract: the configured model and dimension, finite, unit length. */
public record VectorCheck(String model, int dimension) {

    /** Null when {@code v} is fine, else why not. */
    public Rejection problem(Vector v) {
        if (v == null) {
            return new Rejection(Reason.WRONG_DIMENSION, "no vector");
        }
        if (!model.equals(v.getModel())) {
            return new Rejection(Reason.WRONG_MODEL, "model '" + v.getModel() + "', expected '" + model + "'");
        }
        if (v.getValues().size() != dimension || v.getDimension() != dimension) {
            return new Rejection(Reason.WRONG_DIMENSION, v.getValues().size() + " components (declared "
                    + v.getDimension() + "), expected " + dimension);
        }
        float[] values = toArray(v);
        String nonFinite = Vectors.firstNonFinite(values);
        if (nonFinite != null) {
            return new Rejection(Reason.NON_FINITE_VECTOR, nonFinite);
        }
        float norm = Vectors.norm(values);
        if (Math.abs(norm - 1f) > Vectors.UNIT_TOLERANCE) {
            return new Rejection(Reason.NOT_UNIT_VECTOR, "norm " + norm);
        }
        return null;
    }

    public static float[] toArray(Vector v) {
        float[] out = new float[v.getValues().size()];
        int i = 0;
        for (Float x : v.getValues()) {
            out[i++] = x == null ? Float.NaN : x;
        }
        return out;
    }
}
