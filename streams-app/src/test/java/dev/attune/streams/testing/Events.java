package dev.attune.streams.testing;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.schema.Facet;
import dev.attune.schema.ItemVector;
import dev.attune.schema.Polarity;
import dev.attune.schema.QueryVector;
import dev.attune.schema.TermSource;
import dev.attune.schema.TermVector;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builders of input records for tests. */
public final class Events {

    private Events() {
    }

    public static ItemVector item(String id, String title, List<String> categories, float[] vector) {
        return ItemVector.newBuilder()
                .setItemId(id).setTitle(title).setDescription("About " + title).setTags(List.of())
                .setCategories(categories).setVector(VectorSpace.avro(vector))
                .setSourceUpdatedAt(Instant.EPOCH).setEmbeddedAt(Instant.EPOCH).build();
    }

    public static TermVector term(String term, TermSource source, float[] vector) {
        return new TermVector(term, source, VectorSpace.avro(vector));
    }

    public static ClickEvent click(String user, String item, EventKind kind, Instant at) {
        return new ClickEvent(user, item, kind, at, null, Map.of());
    }

    public static Facet facet(String phrase, float[] vector, float weight, Polarity polarity) {
        return new Facet(phrase, VectorSpace.avro(vector), weight, polarity);
    }

    public static QueryVector query(String user, String text, float[] whole, Instant at, Facet... facets) {
        return new QueryVector(user, "q-" + Math.abs(text.hashCode()), text, at, VectorSpace.avro(whole), List.of(facets));
    }
}
