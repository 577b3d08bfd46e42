package dev.attune.streams.model;

import dev.attune.schema.Evidence;
import java.util.ArrayList;
import java.util.List;

/** One interest, decoded for updating: a unit centroid, a strength as of {@link #updatedAt}, a label, evidence newest first. */
public final class InterestState {
    final int id;
    float[] centroid;
    double strength;
    String label;
    long updatedAt;
    final List<Evidence> evidence;
    /** The codes the centroid was decoded from; null for a new interest. */
    final Quantizer.Decoded stored;

    public InterestState(int id, float[] centroid, double strength, String label, long updatedAt, List<Evidence> evidence) {
        this(id, centroid, null, strength, label, updatedAt, evidence);
    }

    /** An interest decoded from storage: its centroid is {@code stored}'s vector. */
    InterestState(int id, Quantizer.Decoded stored, double strength, String label, long updatedAt, List<Evidence> evidence) {
        this(id, stored.vector(), stored, strength, label, updatedAt, evidence);
    }

    private InterestState(int id, float[] centroid, Quantizer.Decoded stored, double strength, String label,
                          long updatedAt, List<Evidence> evidence) {
        this.id = id;
        this.centroid = centroid;
        this.stored = stored;
        this.strength = strength;
        this.label = label;
        this.updatedAt = updatedAt;
        this.evidence = new ArrayList<>(evidence);
    }

    public int id() {
        return id;
    }

    public float[] centroid() {
        return centroid;
    }

    /** Strength as of {@link #updatedAt()}; use {@link InterestModel#strengthAt} for another time. */
    public double strength() {
        return strength;
    }

    public String label() {
        return label;
    }

    public long updatedAt() {
        return updatedAt;
    }

    public List<Evidence> evidence() {
        return evidence;
    }
}
