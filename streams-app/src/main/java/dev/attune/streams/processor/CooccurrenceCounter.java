package dev.attune.streams.processor;

import dev.attune.streams.topology.StoreNames;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Counts item co-occurrences for the recommender's collaborative term ({@link CooccurrenceStore}). It receives,
 * from the interest updater, one record per positive click it applied: key = the clicked item, value = the
 * user's most recent positive items before it (newest first, at most {@code cooccurrence.window}, the item
 * itself left out). Each such pair is counted in both items' rows.
 *
 * <p>Like the popularity counts ({@link PopularityCounter}) the rows are those of this task's partition, i.e.
 * a sample of about 1/P of the users with P partitions: no repartition by item, no cross-partition reads; the
 * frequent pairs come through, rare pairs are lost when P is large.
 */
public final class CooccurrenceCounter implements Processor<String, List<String>, Void, Void> {

    private CooccurrenceStore rows;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        rows = context.getStateStore(StoreNames.ITEM_COOCCURRENCE);
    }

    @Override
    public void process(Record<String, List<String>> record) {
        String item = record.key();
        if (item == null || record.value() == null) {
            return;
        }
        List<String> others = record.value().stream().filter(other -> !item.equals(other)).toList();
        rows.incrementAll(item, others);
        for (String other : others) {
            rows.increment(other, item);
        }
    }
}
