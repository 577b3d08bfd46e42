package dev.attune.streams.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.EventKind;
import dev.attune.schema.Interest;
import dev.attune.schema.Evidence;
import dev.attune.schema.EvidenceSource;
import dev.attune.schema.Polarity;
import dev.attune.schema.UserInterests;
import dev.attune.serde.SerdeFactory;
import dev.attune.streams.testing.VectorSpace;
import dev.attune.vector.Vectors;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class UserStateCodecTest {

    private final VectorSpace space = new VectorSpace(3);

    @Test
    void shouldRoundTripAFullUserWithinQuantisationErrorAndReportItsSize() {
        InterestParams p = InterestParams.defaults();
        InterestModel model = new InterestModel(p, Labeler.NONE);
        UserState user = UserState.empty("user-42");
        long t = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        String[] genres = {"scifi", "comedy", "drama", "horror", "western", "musical", "war", "noir"};
        for (int i = 0; i < p.recentMax(); i++) {
            String genre = genres[i % genres.length];
            model.applyPositive(user, space.mix(0.5, genre, 1), 1.0, t + i,
                    new Evidence(EvidenceSource.ITEM_EVENT, EventKind.CLICK, "item-" + i, "A movie title " + i,
                            Polarity.POSITIVE, Instant.ofEpochMilli(t + i)));
            model.recordInteraction(user, "item-" + i, EventKind.CLICK, t + i);
        }
        for (int i = 0; i < p.negativeMax(); i++) {
            model.applyNegative(user, space.mix(0.5, "neg" + i, 1), 1.0, t, "disliked " + i);
        }

        UserInterests stored = UserStateCodec.encode(user, VectorSpace.MODEL, p.centroidBits());
        UserState back = UserStateCodec.decode(stored, ItemLookup.NONE);
        byte[] bytes = SerdeFactory.forUrl("mock://codec").value(UserInterests.class).serializer()
                .serialize("user-interests-changelog", stored);

        assertThat(back.interests()).hasSize(p.maxInterests());
        assertThat(stored.getInterests()).allSatisfy(i -> assertThat(i.getCentroid().getBits()).isEqualTo(p.centroidBits()));
        // the quantiser's error at the default width: cosine about 0.99 at 4 bits, 0.998 at 6, 0.9999 at 8
        float floor = p.centroidBits() == 4 ? 0.98f : 0.995f;
        for (int i = 0; i < back.interests().size(); i++) {
            float cos = Vectors.dot(back.interests().get(i).centroid(), user.interests().get(i).centroid());
            assertThat(cos).isGreaterThan(floor);
        }
        assertThat(back.recent()).hasSize(p.recentMax());
        assertThat(back.negatives()).hasSize(p.negativeMax());
        for (int i = 0; i < back.negatives().size(); i++) {
            // 4-bit codes: coarser, but far finer than the negative similarity floor acts on
            float cos = Vectors.dot(back.negatives().get(i).centroid(), user.negatives().get(i).centroid());
            assertThat(cos).isGreaterThan(0.98f);
        }
        assertThat(stored.getNegatives()).allSatisfy(n -> assertThat(n.getCentroid().getBits()).isEqualTo(4));
        System.out.printf("bytes per user (K=%d full, %d recent, %d facet negatives, 384-d %d-bit interests, 4-bit negatives): %d%n",
                p.maxInterests(), p.recentMax(), p.negativeMax(), p.centroidBits(), bytes.length);
        // float32 centroids alone would be 8 * 1536 + 16 * 1536 bytes; quantised, the whole user is well under that
        assertThat(bytes.length).isLessThan(24 * 1536);
    }

    @Test
    void shouldKeepEvenAFullDefaultUserWhoseNegativesAreDislikedItemsWithin4AndAHalfKilobytes() {
        // Given every part at its default bound: K interests with full evidence, full recent interactions, and
        // as many negative signals as kept, each a disliked item (MovieLens users' negatives are all items)
        InterestParams p = InterestParams.defaults();
        InterestModel model = new InterestModel(p, Labeler.NONE);
        UserState user = UserState.empty("user-42");
        String[] genres = {"scifi", "comedy", "drama", "horror", "western", "musical", "war", "noir"};
        int events = Math.max(p.recentMax(), p.maxInterests() * p.evidenceMax());
        for (int i = 0; i < events; i++) {
            String itemId = String.valueOf(100_000 + i);
            model.applyPositive(user, space.mix(0.5, genres[i % genres.length], 1), 1.0, t(i),
                    new Evidence(EvidenceSource.ITEM_EVENT, EventKind.CLICK, itemId, "A movie title of some length (1999)",
                            Polarity.POSITIVE, Instant.ofEpochMilli(t(i))));
            model.recordInteraction(user, itemId, EventKind.CLICK, t(i));
        }
        for (int i = 0; i < p.negativeMax(); i++) {
            model.applyNegative(user, space.mix(0.5, "neg" + i, 1), 1.0, t(events), "A disliked movie (1999)",
                    String.valueOf(200_000 + i));
        }

        // When stored with the default settings
        byte[] bytes = SerdeFactory.forUrl("mock://codec").value(UserInterests.class).serializer()
                .serialize("user-interests-changelog", UserStateCodec.encode(user, VectorSpace.MODEL, p.centroidBits()));

        // Then even this worst case (every bound reached) stays near the 4 KB budget that the MovieLens median user
        // meets (bench/ memory harness); its labels are evidence titles here, longer than vocabulary labels
        assertThat(user.interests()).hasSize(p.maxInterests());
        assertThat(user.interests()).allSatisfy(i -> assertThat(i.evidence()).hasSize(p.evidenceMax()));
        assertThat(user.negatives()).hasSize(p.negativeMax());
        System.out.printf("bytes per full default user with item negatives: %d%n", bytes.length);
        assertThat(bytes.length).isLessThanOrEqualTo(4608);
    }

    /** A catalogue of the given items, titled "Title of <id>". */
    private static ItemLookup catalogue(Map<String, float[]> vectors) {
        return new ItemLookup() {
            @Override
            public float[] vector(String itemId) {
                return vectors.get(itemId);
            }

            @Override
            public String title(String itemId) {
                return vectors.containsKey(itemId) ? "Title of " + itemId : null;
            }
        };
    }

    private static long t(int minute) {
        return Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() + minute * 60_000L;
    }

    @Test
    void shouldWriteCentroidsAClickDidNotMoveWithTheCodesTheyWereReadFromAndReQuantiseOnlyTheMovedOne() {
        // Given a stored user with two interests and a disliked facet, each stored with codes that re-quantising its
        // decoded vector would not reproduce (scales written by another encoder: the largest code is not the top one)
        InterestModel model = new InterestModel(InterestParams.defaults(), Labeler.NONE);
        UserState user = UserState.empty("u");
        model.applyPositive(user, space.direction("scifi"), 1.0, t(0), facet("space", 0));
        model.applyPositive(user, space.direction("western"), 1.0, t(1), facet("cowboys", 1));
        model.applyNegative(user, space.direction("horror"), 1.0, t(2), "no gore");
        UserInterests written = UserStateCodec.encode(user, VectorSpace.MODEL, 8);
        written.getInterests().forEach(i -> i.setCentroid(halvedCodes(i.getCentroid())));
        written.getNegatives().forEach(n -> n.setCentroid(halvedCodes(n.getCentroid())));

        // When it is read, a click moves the scifi interest, and it is written again
        UserState read = UserStateCodec.decode(written, ItemLookup.NONE);
        model.applyPositive(read, space.mix(0.3, "scifi", 1), 1.0, t(3), facet("aliens", 3));
        UserInterests again = UserStateCodec.encode(read, VectorSpace.MODEL, 8);

        // Then the untouched interest and the negative keep their very codes, and the moved one is quantised anew
        assertThat(again.getInterests().get(1).getCentroid()).isEqualTo(written.getInterests().get(1).getCentroid());
        assertThat(again.getNegatives().get(0).getCentroid()).isEqualTo(written.getNegatives().get(0).getCentroid());
        assertThat(again.getInterests().get(0).getCentroid()).isNotEqualTo(written.getInterests().get(0).getCentroid());
        assertThat(again.getInterests().get(0).getCentroid().getScale())
                .isNotEqualTo(written.getInterests().get(0).getCentroid().getScale());
    }

    @Test
    void shouldReQuantiseAnUntouchedCentroidStoredAtAnotherWidthThanConfigured() {
        InterestModel model = new InterestModel(InterestParams.defaults(), Labeler.NONE);
        UserState user = UserState.empty("u");
        model.applyPositive(user, space.direction("scifi"), 1.0, t(0), facet("space", 0));

        UserInterests at8 = UserStateCodec.encode(user, VectorSpace.MODEL, 8);
        UserInterests at6 = UserStateCodec.encode(UserStateCodec.decode(at8, ItemLookup.NONE), VectorSpace.MODEL, 6);

        assertThat(at6.getInterests().get(0).getCentroid().getBits()).isEqualTo(6);
    }

    private static Evidence facet(String phrase, int minute) {
        return new Evidence(EvidenceSource.QUERY_FACET, null, null, phrase, Polarity.POSITIVE, Instant.ofEpochMilli(t(minute)));
    }

    /** The same direction with every code halved and the scale doubled: valid codes no encoder here would write. */
    private static dev.attune.schema.QuantizedVector halvedCodes(dev.attune.schema.QuantizedVector q) {
        assertThat(q.getBits()).isIn(8, 4);
        byte[] codes = new byte[q.getCodes().remaining()];
        q.getCodes().duplicate().get(codes);
        for (int i = 0; i < codes.length; i++) {
            codes[i] = q.getBits() == 8 ? (byte) (codes[i] / 2)
                    : (byte) (((((codes[i] << 28) >> 28) / 2) & 0xF) | ((((codes[i] >> 4) / 2) & 0xF) << 4));
        }
        return new dev.attune.schema.QuantizedVector(q.getScale() * 2, java.nio.ByteBuffer.wrap(codes), q.getBits());
    }

    @Test
    void shouldStoreADislikedItemAsItsIdAndTakeItsVectorAndTitleFromTheCatalogueWhenDecoded() {
        InterestModel model = new InterestModel(InterestParams.defaults(), Labeler.NONE);
        float[] gore = space.mix(0.2, "horror", 1);
        float[] musicals = space.mix(0.2, "musical", 1);
        UserState user = UserState.empty("u");
        model.applyNegative(user, gore.clone(), 1.0, t(0), "Title of item-7", "item-7");
        model.applyNegative(user, musicals, 1.0, t(1), "no musicals");

        UserInterests stored = UserStateCodec.encode(user, VectorSpace.MODEL, 8);
        UserState back = UserStateCodec.decode(stored, catalogue(Map.of("item-7", gore)));

        assertThat(stored.getItemNegatives()).singleElement().satisfies(n -> {
            assertThat(n.getItemId()).isEqualTo("item-7");
            assertThat(n.getStrength()).isEqualTo(user.negatives().get(0).strength());
            assertThat(n.getUpdatedAt().toEpochMilli()).isEqualTo(t(0));
        });
        assertThat(stored.getNegatives()).singleElement()
                .satisfies(n -> assertThat(n.getLabel()).isEqualTo("no musicals"));
        NegativeState item = back.negatives().stream().filter(n -> n.itemId() != null).findFirst().orElseThrow();
        assertThat(item.centroid()).isSameAs(gore); // the catalogue's vector itself, exact, no copy
        assertThat(item.label()).isEqualTo("Title of item-7");
        assertThat(item.strength()).isEqualTo(user.negatives().get(0).strength());
        assertThat(back.negatives()).filteredOn(n -> n.itemId() == null).singleElement()
                .satisfies(n -> assertThat(Vectors.dot(n.centroid(), musicals)).isGreaterThan(0.98f));
    }

    @Test
    void shouldKeepAnItemSignalWhoseItemIsUnknownHereWithoutADirectionAndStoreItAgainById() {
        UserState user = new UserState("u", t(0), 0, List.of(),
                List.of(new NegativeState(space.direction("horror"), 1.0, "Gore", t(0), "item-7")), List.of());

        UserState back = UserStateCodec.decode(UserStateCodec.encode(user, VectorSpace.MODEL, 8), ItemLookup.NONE);
        UserInterests again = UserStateCodec.encode(back, VectorSpace.MODEL, 8);

        assertThat(back.negatives()).singleElement().satisfies(n -> {
            assertThat(n.centroid()).isNull();
            assertThat(n.label()).isEqualTo("item-7");
        });
        assertThat(again.getItemNegatives()).extracting(n -> n.getItemId()).containsExactly("item-7");
    }

    @Test
    void shouldStoreAnItemSignalInAboutATenthOfTheBytesOfAVectorSignal() {
        List<NegativeState> byId = new ArrayList<>();
        List<NegativeState> byVector = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            float[] v = space.direction("disliked-" + i);
            byId.add(new NegativeState(v, 1.0, "A disliked movie (1999)", t(i), "10" + i));
            byVector.add(new NegativeState(v, 1.0, "A disliked movie (1999)", t(i)));
        }

        int idBytes = size(new UserState("u", t(9), 0, List.of(), byId, List.of()));
        int vectorBytes = size(new UserState("u", t(9), 0, List.of(), byVector, List.of()));
        int none = size(new UserState("u", t(9), 0, List.of(), List.of(), List.of()));

        assertThat(idBytes - none).isLessThan(8 * 25);
        assertThat(vectorBytes - none).isGreaterThan(8 * 200);
    }

    private static int size(UserState state) {
        return SerdeFactory.forUrl("mock://codec-size").value(UserInterests.class).serializer()
                .serialize("user-interests-changelog", UserStateCodec.encode(state, VectorSpace.MODEL, 8)).length;
    }

    @Test
    void shouldReadAStateWrittenBeforeItemNegativesExistedWithEveryNegativeAsAVector() throws Exception {
        // Given a state written with the schema as it was before 'itemNegatives' (its last field) was added
        Schema current = UserInterests.getClassSchema();
        List<Schema.Field> oldFields = current.getFields().stream()
                .filter(f -> !f.name().equals("itemNegatives"))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        Schema old = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, oldFields);
        assertThat(old.getFields()).hasSize(current.getFields().size() - 1);
        float[] gore = space.mix(0.2, "horror", 1);
        UserState user = new UserState("u", t(0), 0, List.of(),
                List.of(new NegativeState(gore, 1.5, "Gore", t(0))), List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<UserInterests>(old).write(UserStateCodec.encode(user, VectorSpace.MODEL, 8), encoder);
        encoder.flush();

        // When today's code reads it
        UserInterests read = new SpecificDatumReader<UserInterests>(old, current)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        UserState back = UserStateCodec.decode(read, ItemLookup.NONE);

        // Then it has no item signals and its vector signal is intact
        assertThat(read.getItemNegatives()).isEmpty();
        assertThat(back.negatives()).singleElement().satisfies(n -> {
            assertThat(n.itemId()).isNull();
            assertThat(n.label()).isEqualTo("Gore");
            assertThat(n.strength()).isEqualTo(1.5);
            assertThat(Vectors.dot(n.centroid(), gore)).isGreaterThan(0.98f);
        });
    }

    @Test
    void shouldLetAReaderOfTheOldSchemaSkipItemSignalsSoThatARollbackStillDecodes() throws Exception {
        // Given a state with an item signal written by today's code
        Schema current = UserInterests.getClassSchema();
        Schema old = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false,
                current.getFields().stream().filter(f -> !f.name().equals("itemNegatives"))
                        .map(f -> new Schema.Field(f, f.schema())).toList());
        UserState user = new UserState("u", t(0), 0, List.of(), List.of(
                new NegativeState(space.direction("horror"), 1.0, "Gore", t(0), "item-7"),
                new NegativeState(space.direction("musical"), 1.0, "no musicals", t(0))), List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<UserInterests>(current).write(UserStateCodec.encode(user, VectorSpace.MODEL, 8), encoder);
        encoder.flush();

        // When a reader that predates the field reads it (the previous release)
        org.apache.avro.generic.GenericRecord read = new org.apache.avro.generic.GenericDatumReader<
                org.apache.avro.generic.GenericRecord>(current, old)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        // Then it decodes, with the facet signal and without the item signal
        assertThat((List<?>) read.get("negatives")).hasSize(1);
        assertThat(read.get("userId").toString()).isEqualTo("u");
    }

    @Test
    void shouldStoreItemEvidenceWithoutItsTitleAndTakeTheTitleFromTheCatalogueWhenDecoded() {
        Evidence click = new Evidence(EvidenceSource.ITEM_EVENT, EventKind.CLICK, "item-7", "Title of item-7",
                Polarity.POSITIVE, Instant.ofEpochMilli(t(0)));
        Evidence gone = new Evidence(EvidenceSource.ITEM_EVENT, EventKind.LIKE, "item-8", "Title of item-8",
                Polarity.POSITIVE, Instant.ofEpochMilli(t(1)));
        Evidence facet = new Evidence(EvidenceSource.QUERY_FACET, null, null, "space opera",
                Polarity.POSITIVE, Instant.ofEpochMilli(t(2)));
        UserState user = new UserState("u", t(2), 1, List.of(new InterestState(0, space.direction("scifi"), 1.0,
                "Sci-Fi", t(2), List.of(facet, gone, click))), List.of(), List.of());

        UserInterests stored = UserStateCodec.encode(user, VectorSpace.MODEL, 8);
        UserState back = UserStateCodec.decode(stored, catalogue(Map.of("item-7", space.direction("scifi"))));

        assertThat(stored.getInterests().get(0).getEvidence()).extracting(Evidence::getText)
                .containsExactly("space opera", "", "");
        assertThat(back.interests().get(0).evidence()).extracting(Evidence::getText)
                .containsExactly("space opera", "item-8", "Title of item-7");
        assertThat(back.interests().get(0).evidence()).extracting(Evidence::getItemId)
                .containsExactly(null, "item-8", "item-7");
        assertThat(user.interests().get(0).evidence()).extracting(Evidence::getText) // the state encoded is untouched
                .containsExactly("space opera", "Title of item-8", "Title of item-7");
    }

    @Test
    void shouldLookTitlesUpOnlyForTheEvidenceAskedForAndStoreUntouchedEvidenceAsItWasRead() {
        // Given a stored user with item evidence in two interests
        List<InterestState> interests = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            interests.add(new InterestState(i, space.direction(i == 0 ? "scifi" : "comedy"), 1.0, "label " + i, t(i),
                    List.of(new Evidence(EvidenceSource.ITEM_EVENT, EventKind.CLICK, "item-" + i, "Title of item-" + i,
                            Polarity.POSITIVE, Instant.ofEpochMilli(t(i))))));
        }
        UserInterests stored = UserStateCodec.encode(new UserState("u", t(2), 2, interests, List.of(), List.of()),
                VectorSpace.MODEL, 8);
        List<String> looked = new ArrayList<>();
        ItemLookup items = catalogue(Map.of("item-0", space.direction("scifi"), "item-1", space.direction("comedy")));
        ItemLookup counting = new ItemLookup() {
            @Override
            public float[] vector(String itemId) {
                return items.vector(itemId);
            }

            @Override
            public String title(String itemId) {
                looked.add(itemId);
                return items.title(itemId);
            }
        };

        // When it is decoded and written again, and then one interest's evidence is read
        UserState back = UserStateCodec.decode(stored, counting);
        UserInterests again = UserStateCodec.encode(back, VectorSpace.MODEL, 8);
        List<Evidence> second = back.interests().get(1).evidence();

        // Then the write needed no title, the read one title, and the rewritten evidence is the stored evidence
        assertThat(again.getInterests()).extracting(Interest::getEvidence)
                .isEqualTo(stored.getInterests().stream().map(Interest::getEvidence).toList());
        assertThat(looked).containsExactly("item-1");
        assertThat(second).extracting(Evidence::getText).containsExactly("Title of item-1");
    }

    @Test
    void shouldKeepTheTitleOfItemEvidenceStoredBeforeTitlesWereLeftToTheCatalogue() {
        Evidence old = new Evidence(EvidenceSource.ITEM_EVENT, EventKind.CLICK, "item-7", "Alien (1979)",
                Polarity.POSITIVE, Instant.ofEpochMilli(t(0)));
        UserInterests stored = UserStateCodec.encode(new UserState("u", t(0), 1, List.of(), List.of(), List.of()), VectorSpace.MODEL, 8);
        stored.setInterests(List.of(Interest.newBuilder().setId(0).setCentroid(Quantizer.encode(space.direction("scifi")))
                .setStrength(1.0).setLabel("Sci-Fi").setUpdatedAt(Instant.ofEpochMilli(t(0))).setEvidence(List.of(old))
                .build()));

        UserState back = UserStateCodec.decode(stored, catalogue(Map.of("item-7", space.direction("scifi"))));

        assertThat(back.interests().get(0).evidence()).extracting(Evidence::getText).containsExactly("Alien (1979)");
    }
}
