package dev.attune.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attune.schema.Recommendations;
import dev.attune.schema.RecommendedItem;
import dev.attune.serde.SerdeFactory;
import dev.attune.streams.model.ItemLookup;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class StoredListSerdeTest {

    private static final String TOPIC = "attune-streams-user-recommendations-changelog";
    private static final Map<String, String> TITLES = Map.of("m1", "Alien (1979)", "m2", "Heat (1995)",
            "m3", "Brazil (1985)");

    private final Serde<Recommendations> avro = SerdeFactory.forUrl("mock://stored-list-" + System.nanoTime())
            .value(Recommendations.class);
    private final StoredListSerde serde = new StoredListSerde(titles(TITLES), avro, StoredListSerde.FORMAT);

    private static Recommendations list(RecommendedItem... items) {
        return new Recommendations("u1", Instant.ofEpochMilli(1_764_620_000_123L),
                Instant.ofEpochMilli(1_764_619_999_000L), "all-MiniLM-L6-v2", Arrays.asList(items));
    }

    @Test
    void shouldReadBackTheListAsComputedWithTitlesFromTheCatalogue() {
        Recommendations computed = list(
                new RecommendedItem("m1", "Alien (1979)", 0.91f, 3, "space horror"),
                new RecommendedItem("m2", "Heat (1995)", 0.87f, 5, "heist thrillers"),
                new RecommendedItem("m3", "Brazil (1985)", -0.25f, 3, "space horror"));

        byte[] stored = serde.serializer().serialize(TOPIC, computed);

        assertThat(serde.deserializer().deserialize(TOPIC, stored)).isEqualTo(computed);
    }

    @Test
    void shouldKeepEachInterestLabelOnceAndNoTitles() {
        Recommendations computed = list(
                new RecommendedItem("m1", "Alien (1979)", 0.91f, 3, "space horror"),
                new RecommendedItem("m3", "Brazil (1985)", 0.5f, 3, "space horror"));

        byte[] stored = serde.serializer().serialize(TOPIC, computed);

        String text = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(text.indexOf("space horror")).isEqualTo(text.lastIndexOf("space horror")).isNotNegative();
        assertThat(text).doesNotContain("Alien").doesNotContain("Brazil");
    }

    @Test
    void shouldTakeLessThanHalfTheBytesOfTheTopicsRecordForAFullList() {
        RecommendedItem[] items = new RecommendedItem[20];
        for (int i = 0; i < items.length; i++) {
            items[i] = new RecommendedItem("m" + (100 + i), "A Film Title of Usual Length (19" + (70 + i) + ")",
                    1f - i / 40f, i % 3, "interest label number " + i % 3);
        }
        Recommendations computed = list(items);

        assertThat(serde.serializer().serialize(TOPIC, computed).length)
                .isLessThan(avro.serializer().serialize(TOPIC, computed).length / 2);
    }

    @Test
    void shouldKeepTwoLabelsOfOneInterestIdApart() {
        // a list computed while an interest was relabelled still reads back as computed
        Recommendations computed = list(
                new RecommendedItem("m1", "Alien (1979)", 0.9f, 3, "space horror"),
                new RecommendedItem("m2", "Heat (1995)", 0.8f, 3, "sci-fi"));

        assertThat(serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, computed)))
                .isEqualTo(computed);
    }

    @Test
    void shouldReadAnItemThatLeftTheCatalogueWithAnEmptyTitle() {
        byte[] stored = serde.serializer().serialize(TOPIC,
                list(new RecommendedItem("gone", "Gone Girl (2014)", 0.7f, 1, "thrillers")));

        RecommendedItem read = serde.deserializer().deserialize(TOPIC, stored).getItems().get(0);

        assertThat(read.getItemId()).isEqualTo("gone");
        assertThat(read.getTitle()).isEmpty();
        assertThat(read.getInterestLabel()).isEqualTo("thrillers");
    }

    @Test
    void shouldReadAnEmptyListAndValuesWrittenBeforeThisFormat() {
        Recommendations empty = list();
        assertThat(serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, empty)))
                .isEqualTo(empty);

        Recommendations old = list(new RecommendedItem("m2", "Heat (an older title)", 0.8f, 5, "heist thrillers"));
        // the Avro record as the store held it before: read as it was written, its own title included
        assertThat(serde.deserializer().deserialize(TOPIC, avro.serializer().serialize(TOPIC, old))).isEqualTo(old);
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldWriteTheTopicsRecordForReadersOfReleasesBeforeItWhenAskedTo() {
        Recommendations computed = list(new RecommendedItem("m2", "Heat (1995)", 0.8f, 5, "heist thrillers"));
        StoredListSerde first = new StoredListSerde(titles(TITLES), avro, 1);

        byte[] stored = first.serializer().serialize(TOPIC, computed);

        assertThat(avro.deserializer().deserialize(TOPIC, stored)).isEqualTo(computed);
        assertThat(serde.deserializer().deserialize(TOPIC, stored)).isEqualTo(computed);
        assertThatThrownBy(() -> new StoredListSerde(titles(TITLES), avro, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 3");
    }

    @Test
    void shouldSayWhichStoreACorruptValueBelongsTo() {
        byte[] stored = serde.serializer().serialize(TOPIC,
                list(new RecommendedItem("m1", "Alien (1979)", 0.91f, 3, "space horror")));

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(stored, stored.length - 3)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("user-recommendations");
    }

    private static ItemLookup titles(Map<String, String> titles) {
        return new ItemLookup() {
            @Override
            public float[] vector(String itemId) {
                return null;
            }

            @Override
            public String title(String itemId) {
                return titles.get(itemId);
            }
        };
    }
}
