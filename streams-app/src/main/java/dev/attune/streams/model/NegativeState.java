package dev.attune.streams.model;

/** Something the user pushed away; items near it are pushed down. */
public final class NegativeState {
    float[] centroid;
    double strength;
    final String label;
    long updatedAt;

    public NegativeState(float[] centroid, double strength, String label, long updatedAt) {
        this.centroid = centroid;
        this.strength = strength;
        this.label = label;
        this.updatedAt = updatedAt;
    }

    public float[] centroid() {
        return centroid;
    }

    public double strength() {
        return strength;
    }

    public String label() {
        return label;
    }

    public long updatedAt() {
        return updatedAt;
    }
}
