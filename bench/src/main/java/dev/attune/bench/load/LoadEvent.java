package dev.attune.bench.load;

import dev.attune.schema.EventKind;

/** One generated event, before it gets its event time and is encoded. */
public sealed interface LoadEvent {

    String userId();

    /** A click-like event (any kind, dislikes included) on an item. */
    record Click(String userId, String itemId, EventKind kind) implements LoadEvent {
    }

    /** A query already embedded: facet clusters with weights; a negative facet says "not this". */
    record Query(String userId, int[] clusters, float[] weights, boolean[] negative) implements LoadEvent {
    }
}
