package dev.attune.streams.processor;

import dev.attune.schema.Recommendations;
import dev.attune.streams.model.UserState;

/** What the refresher hands the explanation emitter: the new list and the state it was made from. */
public record RefreshResult(UserState state, Recommendations current) {
}
