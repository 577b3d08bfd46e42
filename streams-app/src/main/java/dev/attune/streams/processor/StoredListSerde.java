package dev.attune.streams.processor;

import dev.attune.schema.Recommendations;
import dev.attune.schema.RecommendedItem;
import dev.attune.streams.model.ItemLookup;
import dev.attune.streams.topology.StoreNames;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The value serde of {@value StoreNames#USER_RECOMMENDATIONS}: a user's latest list as its store and changelog keep
 * it, without the items' titles, which a read takes from the catalogue ({@code titles}) as it stands then.
 *
 * <p>Why not the {@code recommendations} topic's Avro record: its titles, and an interest's label repeated for each
 * of its items, were about two thirds of it (1,288 of a MovieLens user's 6,390 bytes of state in all stores at p50,
 * 447 in this form; bench/RESULTS.md, 2026-12-01 late night), and the store is read only by the REST layer, which
 * has the catalogue. Everything else the list says is kept as computed: each (interest id, label) once, and per item
 * its id, score and the index of its interest. An item that left the catalogue since reads with an empty title.
 *
 * <p>Stored format (private to the store): the byte {@value #FORMAT}; the user id and model (unsigned varint UTF-8
 * length, then the bytes); computedAt and asOfEventTime (zig-zag varlongs, epoch ms); the interest count (unsigned
 * varint) and per interest its id (zig-zag varint) and label; the item count and per item its id, score (4-byte
 * float) and interest index (unsigned varint). Values written before this format (the Avro record, first byte 0)
 * are read with {@code avro}, so a store upgraded in place keeps answering until each list is refreshed; during a
 * rolling upgrade from releases that read only those, {@code recommend.store.format} 1 writes them too.
 */
public final class StoredListSerde extends CompactOrAvroSerde<Recommendations> {

    /** This format's number ({@code recommend.store.format}) and first byte; 1 is the Avro record (first byte 0). */
    static final byte FORMAT = 2;

    private final ItemLookup titles;

    /**
     * {@code avro}: the {@code recommendations} topic's serde, which reads values written by releases before this
     * format and writes them when {@code format} is 1 ({@value #FORMAT}: this format).
     */
    public StoredListSerde(ItemLookup titles, Serde<Recommendations> avro, int format) {
        super(avro, format, FORMAT, StoreNames.USER_RECOMMENDATIONS);
        this.titles = titles;
    }

    @Override
    byte[] encode(Recommendations list) {
        List<RecommendedItem> items = list.getItems();
        Map<Interest, Integer> interests = new LinkedHashMap<>();
        int[] interestOf = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Interest interest = new Interest(items.get(i).getInterestId(), items.get(i).getInterestLabel());
            interestOf[i] = interests.computeIfAbsent(interest, added -> interests.size());
        }
        byte[] user = utf8(list.getUserId());
        byte[] model = utf8(list.getModel());
        List<byte[]> labels = interests.keySet().stream().map(i -> utf8(i.label())).toList();
        List<byte[]> ids = items.stream().map(i -> utf8(i.getItemId())).toList();
        long computedAt = list.getComputedAt().toEpochMilli();
        long asOf = list.getAsOfEventTime().toEpochMilli();
        int length = 1 + sizeOf(user) + sizeOf(model) + ByteUtils.sizeOfVarlong(computedAt)
                + ByteUtils.sizeOfVarlong(asOf) + ByteUtils.sizeOfUnsignedVarint(interests.size())
                + ByteUtils.sizeOfUnsignedVarint(items.size());
        int at = 0;
        for (Interest interest : interests.keySet()) {
            length += ByteUtils.sizeOfVarint(interest.id()) + sizeOf(labels.get(at++));
        }
        for (int i = 0; i < items.size(); i++) {
            length += sizeOf(ids.get(i)) + Float.BYTES + ByteUtils.sizeOfUnsignedVarint(interestOf[i]);
        }
        ByteBuffer out = ByteBuffer.allocate(length).put(FORMAT);
        put(out, user);
        put(out, model);
        ByteUtils.writeVarlong(computedAt, out);
        ByteUtils.writeVarlong(asOf, out);
        ByteUtils.writeUnsignedVarint(interests.size(), out);
        at = 0;
        for (Interest interest : interests.keySet()) {
            ByteUtils.writeVarint(interest.id(), out);
            put(out, labels.get(at++));
        }
        ByteUtils.writeUnsignedVarint(items.size(), out);
        for (int i = 0; i < items.size(); i++) {
            put(out, ids.get(i));
            out.putFloat(items.get(i).getScore());
            ByteUtils.writeUnsignedVarint(interestOf[i], out);
        }
        return out.array();
    }

    @Override
    Recommendations decode(ByteBuffer in) {
        String user = string(in);
        String model = string(in);
        Instant computedAt = Instant.ofEpochMilli(ByteUtils.readVarlong(in));
        Instant asOf = Instant.ofEpochMilli(ByteUtils.readVarlong(in));
        Interest[] interests = new Interest[count(in)];
        for (int i = 0; i < interests.length; i++) {
            interests[i] = new Interest(ByteUtils.readVarint(in), string(in));
        }
        int count = count(in);
        List<RecommendedItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String itemId = string(in);
            float score = in.getFloat();
            Interest interest = interests[ByteUtils.readUnsignedVarint(in)];
            String title = titles.title(itemId);
            items.add(new RecommendedItem(itemId, title == null ? "" : title, score, interest.id(),
                    interest.label()));
        }
        return new Recommendations(user, computedAt, asOf, model, items);
    }

    /** An interest as a list names it. */
    private record Interest(int id, String label) {
    }
}
