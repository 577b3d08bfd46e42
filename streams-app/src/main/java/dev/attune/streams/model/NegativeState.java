package dev.attune.streams.model;

/**
 * Something the user pushed away; items near it are pushed down. A signal that is exactly one disliked item's
 * vector keeps that {@link #itemId()}, so the codec stores the id instead of the vector; once it absorbs another
 * event its direction is a blend and it becomes a plain vector signal.
 */
public final class NegativeState {
    float[] centroid;
    double strength;
    final String label;
    long updatedAt;
    String itemId;
    /** The codes the centroid was decoded from; null for a new or an item signal. */
    final Quantizer.Decoded stored;

    public NegativeState(float[] centroid, double strength, String label, long updatedAt) {
        this(centroid, strength, label, updatedAt, null);
    }

    /** A vector signal decoded from storage: its direction is {@code stored}'s vector. */
    NegativeState(Quantizer.Decoded stored, double strength, String label, long updatedAt) {
        this(stored.vector(), stored, strength, label, updatedAt, null);
    }

    /** {@code centroid} may be null for an item signal whose item this instance has no vector for (it penalises nothing). */
    public NegativeState(float[] centroid, double strength, String label, long updatedAt, String itemId) {
        this(centroid, null, strength, label, updatedAt, itemId);
    }

    private NegativeState(float[] centroid, Quantizer.Decoded stored, double strength, String label, long updatedAt,
                          String itemId) {
        this.centroid = centroid;
        this.stored = stored;
        this.strength = strength;
        this.label = label;
        this.updatedAt = updatedAt;
        this.itemId = itemId;
    }

    /** The direction to avoid; null when this is an item signal and the item's vector is unknown here. */
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

    /** The disliked item whose vector this signal is, or null for a facet or a blend of several events. */
    public String itemId() {
        return itemId;
    }
}
