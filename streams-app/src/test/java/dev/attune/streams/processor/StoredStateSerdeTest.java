package dev.attune.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.attune.schema.EventKind;
import dev.attune.schema.Evidence;
import dev.attune.schema.EvidenceSource;
import dev.attune.schema.Interaction;
import dev.attune.schema.Interest;
import dev.attune.schema.ItemNegativeSignal;
import dev.attune.schema.NegativeSignal;
import dev.attune.schema.Polarity;
import dev.attune.schema.QuantizedVector;
import dev.attune.schema.UserInterests;
import dev.attune.serde.SerdeFactory;
import dev.attune.streams.model.NibbleHuffman;
import dev.attune.streams.model.Quantizer;
import dev.attune.vector.Vectors;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.Test;

class StoredStateSerdeTest {

    private static final String TOPIC = "attune-streams-user-interests-changelog";
    private static final long CLOCK = 1_764_620_000_123L;

    private final Serde<UserInterests> avro = SerdeFactory.forUrl("mock://stored-state-" + System.nanoTime())
            .value(UserInterests.class);
    private final StoredStateSerde serde = new StoredStateSerde(avro, StoredStateSerde.FORMAT);
    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void shouldReadBackEveryFieldAsWrittenButCodedVectorsScales() {
        UserInterests state = state();

        UserInterests read = roundTrip(state);

        assertThat(read).isEqualTo(asRead(state)).isNotEqualTo(state);
        // the scale of a vector never changed the direction decoded from it
        for (int i = 0; i < state.getInterests().size(); i++) {
            float[] written = Quantizer.decode(state.getInterests().get(i).getCentroid());
            float[] decoded = Quantizer.decode(read.getInterests().get(i).getCentroid());
            assertThat(Vectors.dot(written, decoded)).isCloseTo(1f, within(1e-6f));
        }
    }

    @Test
    void shouldStoreEvidenceThatIsARecentInteractionsClickAsItsIndex() {
        UserInterests state = state();
        List<Evidence> clicks = new ArrayList<>();
        for (Interaction r : state.getRecent().subList(2, 5)) {
            clicks.add(new Evidence(EvidenceSource.ITEM_EVENT, r.getKind(), r.getItemId(), "", Polarity.NEGATIVE,
                    r.getEventTime()));
        }
        state.getInterests().get(1).setEvidence(clicks);
        UserInterests apart = UserInterests.newBuilder(state).build();
        apart.getInterests().get(1).setEvidence(clicks.stream().map(e -> Evidence.newBuilder(e)
                .setEventTime(e.getEventTime().plusMillis(1)).build()).toList());

        byte[] referring = serde.serializer().serialize(TOPIC, state);

        assertThat(serde.deserializer().deserialize(TOPIC, referring)).isEqualTo(asRead(state));
        // each: an index instead of an item id ("m2".."m4", 3 bytes) and a time step (1-3 bytes)
        assertThat(serde.serializer().serialize(TOPIC, apart).length - referring.length).isBetween(3 * 3, 3 * 5);
    }

    @Test
    void shouldReadBackStatesWithoutInterestsSignalsHistoryOrSeenFilter() {
        UserInterests empty = UserInterests.newBuilder(state()).setInterests(List.of()).setNegatives(List.of())
                .setItemNegatives(List.of()).setRecent(List.of()).setSeen(null).setNextInterestId(0).build();
        UserInterests emptyFilter = UserInterests.newBuilder(empty).setSeen(ByteBuffer.wrap(new byte[0])).build();

        assertThat(roundTrip(empty)).isEqualTo(empty);
        assertThat(roundTrip(emptyFilter)).isEqualTo(emptyFilter);
    }

    @Test
    void shouldKeepStrengthsToAFloatsPrecision() {
        UserInterests state = state();
        state.getInterests().get(0).setStrength(0.1);
        state.getItemNegatives().get(0).setStrength(1.0 / 3);

        UserInterests read = roundTrip(state);

        assertThat(read.getInterests().get(0).getStrength()).isEqualTo((double) 0.1f).isCloseTo(0.1, within(1e-8));
        assertThat(read.getItemNegatives().get(0).getStrength()).isEqualTo((double) (float) (1.0 / 3));
    }

    @Test
    void shouldTakeUnderFourFifthsOfTheAvroRecordsBytesWithTheDefault4BitVectors() {
        UserInterests state = state();
        state.getInterests().forEach(i -> i.setCentroid(vector(4)));
        state.setNegatives(List.of());

        int compact = serde.serializer().serialize(TOPIC, state).length;
        int record = avro.serializer().serialize(TOPIC, state).length;

        assertThat((double) compact / record).isLessThan(0.8);
    }

    @Test
    void shouldStoreA4BitVectorPlainWhenTheCodeWouldBeLarger() {
        byte[] extremes = new byte[192];
        Arrays.fill(extremes, (byte) 0x97); // every component ±7: 8 bits each in the code
        UserInterests state = state();
        state.getInterests().get(0).setCentroid(new QuantizedVector(0.01f, ByteBuffer.wrap(extremes), 4));

        byte[] stored = serde.serializer().serialize(TOPIC, state);

        UserInterests read = serde.deserializer().deserialize(TOPIC, stored);
        assertThat(read).isEqualTo(asRead(state));
        assertThat(read.getInterests().get(0).getCentroid().getScale()).isEqualTo(0.01f); // stored plain, scale kept
        assertThat(stored.length).isLessThan(avro.serializer().serialize(TOPIC, state).length);
    }

    @Test
    void shouldReadTheAvroRecordOfEarlierReleasesAndWriteItWhenAskedTo() {
        UserInterests state = state();
        StoredStateSerde first = new StoredStateSerde(avro, 1);

        byte[] record = first.serializer().serialize(TOPIC, state);

        assertThat(record[0]).isZero(); // the schema registry framing's magic byte
        assertThat(avro.deserializer().deserialize(TOPIC, record)).isEqualTo(state);
        assertThat(serde.deserializer().deserialize(TOPIC, record)).isEqualTo(state);
        assertThat(serde.serializer().serialize(TOPIC, state)[0]).isEqualTo(StoredStateSerde.FORMAT);
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThatThrownBy(() -> new StoredStateSerde(avro, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 3");
    }

    @Test
    void shouldSayWhichStoreACorruptValueBelongsTo() {
        byte[] stored = serde.serializer().serialize(TOPIC, state());
        byte[] longer = Arrays.copyOf(stored, stored.length + 1);
        byte[] badVector = stored.clone();
        badVector[vectorAt(stored)] = 5;

        for (byte[] corrupt : List.of(Arrays.copyOf(stored, stored.length - 3), Arrays.copyOf(stored, 40), longer,
                badVector)) {
            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, corrupt))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("user-interests");
        }
    }

    @Test
    void shouldReadBackRandomStatesOfEveryShapeAndRejectRandomBytesAsCorrupt() {
        for (int round = 0; round < 300; round++) {
            UserInterests state = randomState();
            byte[] stored = serde.serializer().serialize(TOPIC, state);

            assertThat(serde.deserializer().deserialize(TOPIC, stored)).isEqualTo(asRead(state));

            // whatever a flipped byte or a cut makes of it, a record or a SerializationException, nothing else
            byte[] damaged = stored.clone();
            damaged[1 + random.nextInt(damaged.length - 1)] ^= (byte) (1 + random.nextInt(255));
            for (byte[] bad : List.of(damaged, Arrays.copyOf(stored, 1 + random.nextInt(stored.length - 1)))) {
                try {
                    serde.deserializer().deserialize(TOPIC, bad);
                } catch (SerializationException expected) {
                    assertThat(expected).hasMessageContaining("user-interests");
                }
            }
        }
    }

    /** A state of random shape: any count of each part, times far from the clock either way, any strings. */
    private UserInterests randomState() {
        EventKind[] kinds = EventKind.values();
        long clock = random.nextLong(-1L << 42, 1L << 42);
        List<Interaction> recent = new ArrayList<>();
        for (int r = random.nextInt(40); r > 0; r--) {
            recent.add(new Interaction(text(), kinds[random.nextInt(kinds.length)], time(clock)));
        }
        List<Interest> interests = new ArrayList<>();
        for (int i = random.nextInt(9); i > 0; i--) {
            List<Evidence> evidence = new ArrayList<>();
            if (!recent.isEmpty() && random.nextBoolean()) { // the click a recent interaction records
                Interaction r = recent.get(random.nextInt(recent.size()));
                evidence.add(new Evidence(EvidenceSource.ITEM_EVENT, r.getKind(), r.getItemId(), "",
                        random.nextBoolean() ? Polarity.POSITIVE : Polarity.NEGATIVE, r.getEventTime()));
            }
            for (int e = random.nextInt(5); e > 0; e--) {
                evidence.add(new Evidence(random.nextBoolean() ? EvidenceSource.ITEM_EVENT : EvidenceSource.QUERY_FACET,
                        random.nextInt(3) == 0 ? null : kinds[random.nextInt(kinds.length)],
                        random.nextBoolean() ? null : text(), random.nextBoolean() ? "" : text(),
                        random.nextBoolean() ? Polarity.POSITIVE : Polarity.NEGATIVE, time(clock)));
            }
            interests.add(new Interest(random.nextInt(), vector(new int[] {4, 4, 6, 8}[random.nextInt(4)]),
                    (double) (float) random.nextDouble(0, 100), text(), time(clock), evidence));
        }
        List<NegativeSignal> negatives = new ArrayList<>();
        for (int n = random.nextInt(3); n > 0; n--) {
            negatives.add(new NegativeSignal(vector(random.nextBoolean() ? 4 : 8), (double) (float) random.nextDouble(),
                    text(), time(clock)));
        }
        List<ItemNegativeSignal> itemNegatives = new ArrayList<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            itemNegatives.add(new ItemNegativeSignal(text(), (double) (float) random.nextDouble(), time(clock)));
        }
        ByteBuffer seen = null;
        if (random.nextBoolean()) {
            byte[] filter = new byte[random.nextInt(300)];
            random.nextBytes(filter);
            seen = ByteBuffer.wrap(filter);
        }
        return new UserInterests(text(), text(), Instant.ofEpochMilli(clock), interests, negatives, recent,
                random.nextInt(), seen, itemNegatives);
    }

    private Instant time(long clock) {
        return Instant.ofEpochMilli(clock + (random.nextBoolean() ? random.nextLong(-10_000, 10_000)
                : random.nextLong(-1L << 42, 1L << 42)));
    }

    private String text() {
        StringBuilder text = new StringBuilder();
        for (int c = random.nextInt(12); c > 0; c--) {
            int any = random.nextInt(0x20, 0x2FFF); // beyond ASCII: 2- and 3-byte UTF-8
            text.appendCodePoint(random.nextInt(4) == 0 ? any : random.nextInt('a', 'z' + 1));
        }
        return text.toString();
    }

    /**
     * Where the first interest's vector starts: after the format, two strings, clock, next id, the recent interactions
     * (count, then each an item id and a varlong), the interest count and the first's id.
     */
    private static int vectorAt(byte[] stored) {
        ByteBuffer in = ByteBuffer.wrap(stored, 1, stored.length - 1);
        skipString(in);
        skipString(in);
        ByteUtils.readVarlong(in);
        ByteUtils.readVarint(in);
        for (int r = ByteUtils.readUnsignedVarint(in); r > 0; r--) {
            skipString(in);
            ByteUtils.readVarlong(in);
        }
        ByteUtils.readUnsignedVarint(in);
        ByteUtils.readVarint(in);
        assertThat(stored[in.position()]).isEqualTo(StoredStateSerde.HUFFMAN_4);
        return in.position();
    }

    private static void skipString(ByteBuffer in) {
        int length = ByteUtils.readUnsignedVarint(in);
        in.position(in.position() + length);
    }

    /** {@code state} as the compact form reads it back: coded vectors with {@link StoredStateSerde#CODED_SCALE}. */
    private static UserInterests asRead(UserInterests state) {
        UserInterests read = UserInterests.newBuilder(state).build();
        read.getInterests().forEach(i -> i.setCentroid(asRead(i.getCentroid())));
        read.getNegatives().forEach(n -> n.setCentroid(asRead(n.getCentroid())));
        return read;
    }

    private static QuantizedVector asRead(QuantizedVector v) {
        boolean coded = v.getBits() == 4 && NibbleHuffman.encodedBytes(v.getCodes()) < v.getCodes().remaining();
        return coded ? new QuantizedVector(StoredStateSerde.CODED_SCALE, v.getCodes(), 4) : v;
    }

    private UserInterests roundTrip(UserInterests state) {
        return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, state));
    }

    /**
     * A state with every kind of field: item and query evidence of each kind, polarity and with and without an item
     * id or text; 4- and 8-bit vectors; times before and after the clock and out of order; strengths a float holds.
     */
    private UserInterests state() {
        List<Interest> interests = new ArrayList<>();
        EventKind[] kinds = EventKind.values();
        for (int i = 0; i < 4; i++) {
            List<Evidence> evidence = new ArrayList<>();
            for (int e = 0; e < 3; e++) {
                EventKind kind = kinds[(3 * i + e) % kinds.length];
                evidence.add(e == 1
                        ? new Evidence(EvidenceSource.QUERY_FACET, null, null, "space opera, not too dark",
                                i % 2 == 0 ? Polarity.NEGATIVE : Polarity.POSITIVE, at(-60_000L * i - 7))
                        : new Evidence(EvidenceSource.ITEM_EVENT, kind, "m" + (100 * i + e),
                                e == 0 ? "" : "Heat (1995)",
                                kind == EventKind.DISLIKE ? Polarity.NEGATIVE : Polarity.POSITIVE,
                                at(e == 2 ? 5_000 : -1_000L * e - i)));
            }
            interests.add(new Interest(i * 7 - 3, vector(i % 3 == 2 ? 8 : 4), 0.5 + i * 0.25,
                    "Sci-Fi · space opera " + i, at(i == 3 ? 1 : -3_600_000L * i), evidence));
        }
        List<NegativeSignal> negatives = List.of(new NegativeSignal(vector(4), 1.5, "too dark", at(-86_400_000L)),
                new NegativeSignal(vector(8), 0.125, "Saw (2004)", at(0)));
        List<ItemNegativeSignal> itemNegatives = List.of(new ItemNegativeSignal("m9", 2.0, at(-1)),
                new ItemNegativeSignal("m10", 0.75, at(-7L * 86_400_000)));
        List<Interaction> recent = new ArrayList<>();
        for (int r = 0; r < kinds.length; r++) {
            recent.add(new Interaction("m" + r, kinds[r], at(r == 3 ? 10 : -1_234L * r * r)));
        }
        byte[] seen = new byte[57];
        random.nextBytes(seen);
        return new UserInterests("ml42", "all-MiniLM-L6-v2", Instant.ofEpochMilli(CLOCK), interests, negatives, recent,
                12, ByteBuffer.wrap(seen), itemNegatives);
    }

    private QuantizedVector vector(int bits) {
        float[] v = new float[384];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Quantizer.encode(Vectors.normalizeInPlace(v), bits);
    }

    private static Instant at(long offset) {
        return Instant.ofEpochMilli(CLOCK + offset);
    }
}
