package dev.attune.streams.processor;

import dev.attune.schema.EventKind;
import dev.attune.streams.model.UserState;
import dev.attune.streams.topology.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Counts positive clicks per item for the recommender's popularity prior ({@link PopularityStores}). It
 * receives (item id, kind) from the interest updater for every click it applied, so only clicks on items
 * with a vector count; views and negative feedback do not (a view says little, a dislike is not popularity).
 *
 * <p>The counts are those of this task's partition, i.e. of the users hashed to it: with P partitions each
 * count is a sample of about 1/P of the users. That keeps the prior next to the user state (no repartition
 * topic, no cross-partition reads); it ranks the popular items, which is what the prior is for, well
 * enough, but rare items' counts are noisy when P is large. A global count would need a repartition by
 * item id and a global table.
 */
public final class PopularityCounter implements Processor<String, EventKind, Void, Void> {

    private PopularityStores popularity;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        popularity = new PopularityStores(context.getStateStore(StoreNames.ITEM_CLICK_COUNTS),
                context.getStateStore(StoreNames.ITEM_CLICK_RANK));
        popularity.rebuildRank(); // not changelogged: derived from the restored counts
    }

    @Override
    public void process(Record<String, EventKind> record) {
        if (counts(record.value()) && record.key() != null) {
            popularity.increment(record.key());
        }
    }

    static boolean counts(EventKind kind) {
        return UserState.isPositiveClick(kind);
    }
}
