package dev.attune.streams.processor;

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
import dev.attune.streams.model.NibbleHuffman;
import dev.attune.streams.topology.StoreNames;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.ByteBufferOutputStream;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The value serde of {@value StoreNames#USER_INTERESTS}: a user's {@link UserInterests} as its store and changelog
 * keep it, in a compact form of the Avro record that holds the same fields, so that every reader of the store (the
 * processors, the REST layer) sees the same record as before.
 *
 * <p>Why not the Avro record as the schema registry's serde writes it: a MovieLens user's state takes nearly a third
 * more bytes there (2,912 against 2,222 B on average over 610 users, key included; bench/RESULTS.md, 2026-12-02
 * evening), spent on generality: times as full epoch milliseconds (6 bytes each; the heaviest users' ~63 times took
 * ~380 B), three enums and two union tags per evidence entry (4-5 bytes where one does), doubles for strengths, and
 * 4-bit centroid codes that are mostly small (3.24 bits of entropy in 4). Here:
 * <ul>
 *   <li>times relative to the state's clock (an interest's and a negative signal's last update), or to the time
 *       before them in a newest-first list (recent interactions, an interest's evidence): to the millisecond, as
 *       stored before, in 1-4 bytes;</li>
 *   <li>an evidence entry's source, kind, polarity and which of its strings it holds in one byte; an entry that is
 *       the click a recent interaction records (same item, kind and time: about a third of a heavy user's) as that
 *       interaction's index;</li>
 *   <li>strengths as 4-byte floats (7 significant digits; the model's arithmetic stays in doubles);</li>
 *   <li>4-bit vectors in {@link NibbleHuffman}'s fixed code (about 3.3 bits a component), unless that is larger,
 *       without their scale ({@link #CODED_SCALE}).</li>
 * </ul>
 * Everything else is kept as is: ids, labels, item ids, the seen filter's bytes. A record reads back equal to the one
 * written but for coded vectors' scales (1) and strengths (to a float's precision).
 *
 * <p>Stored format (private to the store; big-endian): the byte {@value #FORMAT}; user id and model (unsigned
 * varint UTF-8 length, then the bytes); clock (zig-zag varlong, epoch ms); next interest id (varint); recent
 * interactions (unsigned varint count), each: item id, then a zig-zag varlong of 16 times its event time's step (the
 * previous entry's time, at first the clock, minus it) plus its kind's ordinal; interests (count), each: id (varint),
 * vector, strength (float), label, updatedAt (zig-zag varlong, clock minus it), evidence (count, then each: a flags
 * byte (bit 0 query facet, bit 1 negative polarity, bit 2 item id present, bit 3 text present, bits 4-7 the kind's
 * ordinal + 1, 0 for none, or 15: a recent interaction's click, whose index (unsigned varint) follows and gives item,
 * kind and time), the item id and text when present, event time (zig-zag varlong: the previous entry's time, at first
 * the clock, minus it)); negative signals (count, each: vector, strength, label, updatedAt as an interest's); item
 * negative signals (count, each: item id, strength, updatedAt likewise); the seen filter (unsigned varint: its length
 * + 1, 0 for none; then its bytes). A vector: a byte saying how its codes are stored ({@value #HUFFMAN_4}: 4-bit codes
 * in {@link NibbleHuffman}'s code, then the component count (unsigned varint) and the code's bytes; 4, 6 or 8: packed
 * as {@code QuantizedVector.codes}, then its scale (float), the byte count (unsigned varint) and the codes).
 *
 * <p>Values written before this format (the Avro record in the schema registry's framing, first byte 0) are read with
 * {@code avro}, so a store upgraded in place keeps working, each user converted when next written; during a rolling
 * upgrade from releases that read only those, {@code interest.store.format} 1 writes them too.
 */
public final class StoredStateSerde extends CompactOrAvroSerde<UserInterests> {

    /** This format's number ({@code interest.store.format}) and first byte; 1 is the Avro record (first byte 0). */
    static final byte FORMAT = 2;
    /** A vector's storage byte for 4-bit codes in {@link NibbleHuffman}'s code (plain widths are 4, 6 and 8). */
    static final byte HUFFMAN_4 = 0x44;
    /**
     * The scale a coded vector reads back with: its own is not stored, since {@link
     * dev.attune.streams.model.Quantizer#decode} renormalises what it decodes, so a vector's scale never changes the
     * direction read (4 bytes of each of a user's up to K centroids).
     */
    static final float CODED_SCALE = 1f;
    /** The kind nibble of an evidence entry's flags that says it is the click a recent interaction records. */
    private static final int RECENT_KIND = 15;

    private static final EventKind[] KINDS = EventKind.values();
    private static final EvidenceSource[] SOURCES = EvidenceSource.values();
    private static final Polarity[] POLARITIES = Polarity.values();

    static {
        // the flags byte has room for two sources, two polarities and 14 kinds (the 15th value marks a reference to a
        // recent interaction): a schema change beyond that needs a new format, and should fail here, in every test,
        // rather than write what cannot be read back
        if (KINDS.length > RECENT_KIND - 1 || SOURCES.length > 2 || POLARITIES.length > 2) {
            throw new ExceptionInInitializerError("an enum outgrew the stored state's evidence flags byte");
        }
    }

    /**
     * {@code avro}: the schema registry's serde of the record, which reads values written by releases before this
     * format and writes them when {@code format} is 1 ({@value #FORMAT}: this format).
     */
    public StoredStateSerde(Serde<UserInterests> avro, int format) {
        super(avro, format, FORMAT, StoreNames.USER_INTERESTS);
    }

    @Override
    byte[] encode(UserInterests state) {
        Writer out = new Writer();
        out.ensure(1).put(FORMAT);
        out.string(state.getUserId());
        out.string(state.getModel());
        long clock = state.getClock().toEpochMilli();
        out.varlong(clock);
        out.varint(state.getNextInterestId());
        out.count(state.getRecent().size());
        long previous = clock;
        Map<Click, Integer> recentAt = new HashMap<>();
        int index = 0;
        for (Interaction r : state.getRecent()) {
            long time = r.getEventTime().toEpochMilli();
            recentAt.putIfAbsent(new Click(r.getItemId(), r.getKind(), time), index++);
            out.string(r.getItemId());
            out.varlong((previous - time) * 16 + r.getKind().ordinal()); // the kind in the low 4 bits
            previous = time;
        }
        out.count(state.getInterests().size());
        for (Interest interest : state.getInterests()) {
            out.varint(interest.getId());
            out.vector(interest.getCentroid());
            out.ensure(Float.BYTES).putFloat((float) interest.getStrength());
            out.string(interest.getLabel());
            out.varlong(clock - interest.getUpdatedAt().toEpochMilli());
            out.count(interest.getEvidence().size());
            previous = clock;
            for (Evidence e : interest.getEvidence()) {
                long time = e.getEventTime().toEpochMilli();
                Integer recent = e.getItemId() == null || e.getKind() == null || !e.getText().isEmpty() ? null
                        : recentAt.get(new Click(e.getItemId(), e.getKind(), time));
                if (recent != null) { // the click a recent interaction records: its index says item, kind and time
                    out.ensure(1).put((byte) (flags(e) & 0x0F | RECENT_KIND << 4));
                    out.count(recent);
                } else {
                    out.ensure(1).put(flags(e));
                    if (e.getItemId() != null) {
                        out.string(e.getItemId());
                    }
                    if (!e.getText().isEmpty()) {
                        out.string(e.getText());
                    }
                    out.varlong(previous - time);
                }
                previous = time;
            }
        }
        out.count(state.getNegatives().size());
        for (NegativeSignal n : state.getNegatives()) {
            out.vector(n.getCentroid());
            out.ensure(Float.BYTES).putFloat((float) n.getStrength());
            out.string(n.getLabel());
            out.varlong(clock - n.getUpdatedAt().toEpochMilli());
        }
        out.count(state.getItemNegatives().size());
        for (ItemNegativeSignal n : state.getItemNegatives()) {
            out.string(n.getItemId());
            out.ensure(Float.BYTES).putFloat((float) n.getStrength());
            out.varlong(clock - n.getUpdatedAt().toEpochMilli());
        }
        ByteBuffer seen = state.getSeen();
        if (seen == null) {
            out.count(0);
        } else {
            out.count(seen.remaining() + 1);
            out.ensure(seen.remaining()).put(seen.duplicate());
        }
        return out.toArray();
    }

    private static byte flags(Evidence e) {
        int kind = e.getKind() == null ? 0 : e.getKind().ordinal() + 1;
        return (byte) (e.getSource().ordinal()
                | e.getPolarity().ordinal() << 1
                | (e.getItemId() == null ? 0 : 1 << 2)
                | (e.getText().isEmpty() ? 0 : 1 << 3)
                | kind << 4);
    }

    @Override
    UserInterests decode(ByteBuffer in) {
        String userId = string(in);
        String model = string(in);
        long clock = ByteUtils.readVarlong(in);
        int nextInterestId = ByteUtils.readVarint(in);
        List<Interaction> recent = new ArrayList<>();
        long previous = clock;
        for (int i = count(in); i > 0; i--) {
            String itemId = string(in);
            long step = ByteUtils.readVarlong(in);
            previous -= step >> 4;
            recent.add(new Interaction(itemId, KINDS[(int) (step & 0xF)], Instant.ofEpochMilli(previous)));
        }
        List<Interest> interests = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            int id = ByteUtils.readVarint(in);
            QuantizedVector centroid = vector(in);
            double strength = in.getFloat();
            String label = string(in);
            Instant updatedAt = Instant.ofEpochMilli(clock - ByteUtils.readVarlong(in));
            List<Evidence> evidence = new ArrayList<>();
            previous = clock;
            for (int e = count(in); e > 0; e--) {
                int flags = in.get() & 0xFF;
                EvidenceSource source = SOURCES[flags & 1];
                Polarity polarity = POLARITIES[(flags >>> 1) & 1];
                int kind = flags >>> 4;
                if (kind == RECENT_KIND) {
                    Interaction r = recent.get(ByteUtils.readUnsignedVarint(in));
                    evidence.add(new Evidence(source, r.getKind(), r.getItemId(), "", polarity, r.getEventTime()));
                    previous = r.getEventTime().toEpochMilli();
                    continue;
                }
                String itemId = (flags & 1 << 2) == 0 ? null : string(in);
                String text = (flags & 1 << 3) == 0 ? "" : string(in);
                previous -= ByteUtils.readVarlong(in);
                evidence.add(new Evidence(source, kind == 0 ? null : KINDS[kind - 1], itemId, text, polarity,
                        Instant.ofEpochMilli(previous)));
            }
            interests.add(new Interest(id, centroid, strength, label, updatedAt, evidence));
        }
        List<NegativeSignal> negatives = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            QuantizedVector centroid = vector(in);
            double strength = in.getFloat();
            String label = string(in);
            negatives.add(new NegativeSignal(centroid, strength, label,
                    Instant.ofEpochMilli(clock - ByteUtils.readVarlong(in))));
        }
        List<ItemNegativeSignal> itemNegatives = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            String itemId = string(in);
            double strength = in.getFloat();
            itemNegatives.add(new ItemNegativeSignal(itemId, strength,
                    Instant.ofEpochMilli(clock - ByteUtils.readVarlong(in))));
        }
        int seenLength = ByteUtils.readUnsignedVarint(in) - 1; // -1: none
        if (seenLength < -1 || seenLength > in.remaining()) {
            throw new IllegalArgumentException("a seen filter of " + seenLength + " bytes with " + in.remaining()
                    + " left");
        }
        ByteBuffer seen = null;
        if (seenLength >= 0) {
            byte[] filter = new byte[seenLength];
            in.get(filter);
            seen = ByteBuffer.wrap(filter);
        }
        return new UserInterests(userId, model, Instant.ofEpochMilli(clock), interests, negatives, recent,
                nextInterestId, seen, itemNegatives);
    }

    private static QuantizedVector vector(ByteBuffer in) {
        byte storage = in.get();
        if (storage == HUFFMAN_4) {
            int components = ByteUtils.readUnsignedVarint(in);
            if (components > 4 * in.remaining()) { // a code is at least 2 bits: a corrupt count, not an allocation
                throw new IllegalArgumentException(components + " coded components in " + in.remaining() + " bytes");
            }
            return new QuantizedVector(CODED_SCALE, ByteBuffer.wrap(NibbleHuffman.decode(in, components)), 4);
        }
        float scale = in.getFloat();
        if (storage != 4 && storage != 6 && storage != 8) {
            throw new IllegalArgumentException("unknown vector storage " + storage);
        }
        byte[] codes = new byte[count(in)];
        in.get(codes);
        return new QuantizedVector(scale, ByteBuffer.wrap(codes), (int) storage);
    }

    /** What an evidence entry and a recent interaction of the same click share. */
    private record Click(String itemId, EventKind kind, long time) {
    }

    /** The value being written, in a buffer that grows as asked ({@link ByteBufferOutputStream}). */
    private static final class Writer {

        private final ByteBufferOutputStream stream = new ByteBufferOutputStream(4096); // most states fit

        /** The buffer, with room for {@code bytes} more. */
        ByteBuffer ensure(int bytes) {
            stream.ensureRemaining(bytes);
            return stream.buffer();
        }

        void string(String s) {
            byte[] utf8 = utf8(s);
            put(ensure(sizeOf(utf8)), utf8);
        }

        void count(int count) {
            ByteUtils.writeUnsignedVarint(count, ensure(5));
        }

        void varint(int value) {
            ByteUtils.writeVarint(value, ensure(5));
        }

        void varlong(long value) {
            ByteUtils.writeVarlong(value, ensure(10));
        }

        void vector(QuantizedVector v) {
            ByteBuffer codes = v.getCodes();
            int bits = v.getBits();
            if (bits != 4 && bits != 6 && bits != 8) {
                throw new IllegalArgumentException("unsupported code width: " + bits + " bits");
            }
            int coded = bits == 4 ? NibbleHuffman.encodedBytes(codes) : Integer.MAX_VALUE;
            if (coded < codes.remaining()) {
                ensure(1).put(HUFFMAN_4);
                count(2 * codes.remaining());
                NibbleHuffman.encode(codes, ensure(coded));
            } else {
                ensure(1 + Float.BYTES).put((byte) bits).putFloat(v.getScale());
                count(codes.remaining());
                ensure(codes.remaining()).put(codes.duplicate());
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(stream.buffer().array(), stream.position());
        }
    }
}
