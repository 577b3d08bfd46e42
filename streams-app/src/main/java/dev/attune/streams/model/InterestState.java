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
    private final List<Evidence> evidence;
    /**
     * Where item evidence decoded without its text finds it (the item's title), until {@link #evidence()} first
     * asks: a click reads and writes every interest of its user but adds evidence to one, so the others are never
     * titled. Null once titled, or when nothing needs it.
     */
    private ItemLookup untitledFrom;
    /** The codes the centroid was decoded from; null for a new interest. */
    final Quantizer.Decoded stored;

    public InterestState(int id, float[] centroid, double strength, String label, long updatedAt, List<Evidence> evidence) {
        this(id, centroid, null, strength, label, updatedAt, evidence);
    }

    /**
     * An interest decoded from storage: its centroid is {@code stored}'s vector; item evidence stored without its text
     * gets it from {@code titles} when first asked for.
     */
    InterestState(int id, Quantizer.Decoded stored, double strength, String label, long updatedAt, List<Evidence> evidence,
                  ItemLookup titles) {
        this(id, stored.vector(), stored, strength, label, updatedAt, evidence);
        this.untitledFrom = titles;
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

    /** Newest first, with the text of item evidence (the item's title; its id where the item is not known). */
    public List<Evidence> evidence() {
        if (untitledFrom != null) {
            UserStateCodec.title(evidence, untitledFrom);
            untitledFrom = null;
        }
        return evidence;
    }

    /** The evidence as it is now, item evidence possibly still without its text (for encoding, which drops it). */
    List<Evidence> evidenceAsIs() {
        return evidence;
    }
}
