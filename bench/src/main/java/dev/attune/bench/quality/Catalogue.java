package dev.attune.bench.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The items every recommender ranks, with a dense index and (once embedded) their unit vectors. */
public final class Catalogue {

    private final List<String> ids;
    private final Map<String, Integer> index = new HashMap<>();
    private final float[][] vectors;

    public Catalogue(List<String> ids) {
        this.ids = Collections.unmodifiableList(new ArrayList<>(ids));
        for (int i = 0; i < ids.size(); i++) {
            if (index.put(ids.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate item id " + ids.get(i));
            }
        }
        this.vectors = new float[ids.size()][];
    }

    public int size() {
        return ids.size();
    }

    public String id(int i) {
        return ids.get(i);
    }

    public List<String> ids() {
        return ids;
    }

    /** Dense index of the item, or -1 if it is not in the catalogue. */
    public int indexOf(String itemId) {
        Integer i = index.get(itemId);
        return i == null ? -1 : i;
    }

    public void setVector(String itemId, float[] unit) {
        vectors[requireIndex(itemId)] = unit;
    }

    /** The item's unit vector, or null when it has none (or is not in the catalogue). */
    public float[] vector(String itemId) {
        int i = indexOf(itemId);
        return i < 0 ? null : vectors[i];
    }

    public float[] vector(int i) {
        return vectors[i];
    }

    /**
     * The ids of the k best-scored items, best first, skipping {@code excluded} ids and items scored
     * {@code NaN}; ties go to the lower index so that every run ranks the same way.
     */
    public List<String> topK(double[] scores, Set<String> excluded, int k) {
        TopK top = new TopK(k);
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isNaN(scores[i]) && !excluded.contains(ids.get(i))) {
                top.offer(i, scores[i]);
            }
        }
        List<String> out = new ArrayList<>();
        for (int i : top.indicesBestFirst()) {
            out.add(ids.get(i));
        }
        return out;
    }

    private int requireIndex(String itemId) {
        int i = indexOf(itemId);
        if (i < 0) {
            throw new IllegalArgumentException("unknown item " + itemId);
        }
        return i;
    }
}
