package dev.attune.streams.processor;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.streams.errors.Reason;
import dev.attune.streams.errors.Rejection;
import org.apache.kafka.common.serialization.Deserializer;

/** Validates clicks: a user id equal to the key, an item id, a known event kind, a believable time. */
public final class ClickValidator extends InputValidator<ClickEvent> {

    public ClickValidator(Deserializer<ClickEvent> deserializer, long maxFutureSkewMs) {
        super(deserializer, maxFutureSkewMs);
    }

    @Override
    Rejection check(String key, ClickEvent click, long now) {
        Rejection problem = checkUserAndTime(key, click.getUserId(), click.getEventTime().toEpochMilli(), now);
        if (problem != null) {
            return problem;
        }
        if (click.getItemId() == null || click.getItemId().isBlank()) {
            return new Rejection(Reason.MISSING_ITEM_ID, "empty itemId");
        }
        if (click.getKind() == null || click.getKind() == EventKind.UNKNOWN) {
            return new Rejection(Reason.UNKNOWN_EVENT_KIND, "kind " + click.getKind()
                    + " (a kind this version does not know reads as UNKNOWN)");
        }
        return null;
    }
}
