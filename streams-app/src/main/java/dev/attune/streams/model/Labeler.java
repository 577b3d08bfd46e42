package dev.attune.streams.model;

/** Names a direction with words a person can read; null when it has no good name. */
@FunctionalInterface
public interface Labeler {
    String label(float[] centroid);

    Labeler NONE = centroid -> null;
}
