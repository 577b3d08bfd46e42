package dev.attune.bench.load;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.Facet;
import dev.attune.schema.ItemVector;
import dev.attune.schema.Polarity;
import dev.attune.schema.QueryVector;
import dev.attune.schema.Vector;
import dev.attune.serde.SerdeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Turns generated events into the records the streams app reads, in the Confluent wire format of
 * {@link SerdeFactory}: clicks as {@link ClickEvent}, queries directly as {@link QueryVector}
 * (facet vectors drawn near their clusters' centres, standing in for the embedding worker), and
 * the catalogue as {@link ItemVector}s.
 */
public final class EventEncoder {

    private final ItemSpace space;
    private final String model;
    private final Serializer<ClickEvent> clicks;
    private final Serializer<QueryVector> queries;
    private final Serializer<ItemVector> items;
    private final SplittableRandom random;
    private long queryCounter;

    public EventEncoder(SerdeFactory serdes, ItemSpace space, String model, long seed) {
        this.space = space;
        this.model = model;
        this.clicks = serdes.value(ClickEvent.class).serializer();
        this.queries = serdes.value(QueryVector.class).serializer();
        this.items = serdes.value(ItemVector.class).serializer();
        this.random = new SplittableRandom(seed);
    }

    public byte[] click(String topic, LoadEvent.Click c, long eventTimeMs) {
        return clicks.serialize(topic, new ClickEvent(c.userId(), c.itemId(), c.kind(), Instant.ofEpochMilli(eventTimeMs),
                null, Map.of()));
    }

    public byte[] query(String topic, LoadEvent.Query q, long eventTimeMs) {
        List<Facet> facets = new ArrayList<>(q.clusters().length);
        float[] whole = new float[space.dimension()];
        StringBuilder text = new StringBuilder();
        for (int f = 0; f < q.clusters().length; f++) {
            float[] v = space.facet(q.clusters()[f], random);
            String phrase = "genre-" + q.clusters()[f];
            facets.add(new Facet(phrase, vector(v), q.weights()[f], q.negative()[f] ? Polarity.NEGATIVE : Polarity.POSITIVE));
            text.append(f == 0 ? "" : ", ").append(q.negative()[f] ? "nothing " : "").append(phrase);
            float sign = q.negative()[f] ? -1 : 1;
            for (int i = 0; i < whole.length; i++) {
                whole[i] += sign * q.weights()[f] * v[i];
            }
        }
        dev.attune.vector.Vectors.normalizeInPlace(whole);
        return queries.serialize(topic, new QueryVector(q.userId(), "q" + (queryCounter++), text.toString(),
                Instant.ofEpochMilli(eventTimeMs), vector(whole), facets));
    }

    /** Item {@code rank} of the catalogue with its synthetic vector. */
    public byte[] item(String topic, String itemId, int rank, long nowMs) {
        return item(topic, itemId, rank, nowMs, "Item " + itemId + " (genre-" + space.clusterOf(rank) + ")");
    }

    /** Item {@code rank} of the catalogue with its synthetic vector and the given title (a real one, for sizes). */
    public byte[] item(String topic, String itemId, int rank, long nowMs, String title) {
        Instant now = Instant.ofEpochMilli(nowMs);
        return items.serialize(topic, new ItemVector(itemId, vector(space.item(rank)), title, null, List.of(),
                List.of("genre-" + space.clusterOf(rank)), now, now));
    }

    private Vector vector(float[] v) {
        List<Float> values = new ArrayList<>(v.length);
        for (float x : v) {
            values.add(x);
        }
        return new Vector(model, v.length, values);
    }
}
