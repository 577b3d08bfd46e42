package dev.attune.streams.processor;

import dev.attune.schema.Recommendations;
import dev.attune.streams.model.UserState;

/** What the refresher hands the explanation emitter: the state the list was made from, the previous list (or null) and the new one. */
public record RefreshResult(UserState state, Recommendations previous, Recommendations current) {
}
