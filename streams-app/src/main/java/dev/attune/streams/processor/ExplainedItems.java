package dev.attune.streams.processor;

import dev.attune.streams.model.SeenFilter;
import dev.attune.streams.topology.StoreNames;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * One user's explanation history, decoded: the value of {@value StoreNames#EXPLAINED_ITEMS}. It holds what the
 * explanation emitter needs to ask only for what is new:
 * <ul>
 *   <li>the items of the user's current list, so that an item that stays in the list is not explained again;</li>
 *   <li>the (item, interest, prompt version) explained lately and when, oldest first, so that none is explained
 *       twice within the dedup window: at most {@code maxSent} of them, the oldest dropped first (a user with more
 *       explanations than that within a window may see the oldest explained again when they come back).</li>
 * </ul>
 * Both are kept as 32-bit fingerprints ({@link SeenFilter#hash} folded, the same on every JVM). A false match skips
 * one request and nothing else: about one check in 30 million at 128 entries (5 in a billion against a list of 20),
 * for half the bytes of 64-bit ones; a user's record is part of their state (≤ 4 KB a user, issue 7).
 *
 * <p>Why one record per user: a record per explained (user, item, interest, version) grew with traffic (about two a
 * refresh, a billion a week at 1,000 refreshes a second) and could only be expired by a scan of the whole store on the
 * stream thread; each refresh read it about three times and the previous list once more (bench/RESULTS.md, 2026-12-01
 * evening). This record is read once a refresh, written only when the list's items change or a request is sent, and
 * stays within {@code 9 + 4 * listSize + 7 * maxSent} bytes for a window under 12 days (≈0.98 KB at the defaults:
 * 20, 128 and 7 days; it was 2.2 KB with 64-bit entries); expired entries are dropped whenever it is written.
 * Requests go out a few a refresh, so most entries are a second or less after the one before: their times take a byte
 * each (a heavy MovieLens user's 122 entries: 237 bytes of times as offsets from the oldest, 130 as these steps;
 * bench/RESULTS.md, 2026-12-02 evening).
 *
 * <p>Stored format (private to its store, so not Avro): the byte {@value #FORMAT}; the listed count (unsigned varint)
 * and fingerprints (4-byte ints); the sent count (unsigned varint); when any, the first one's wall-clock time in
 * epoch seconds (varlong), then per entry its fingerprint (int) and its time in seconds minus the entry before's (the
 * first's: its own) as a zig-zag varlong: times are kept to the second (an explanation may be asked again up to a
 * second before its window ends). Big-endian. Still read, and written on request for a rolling upgrade: the second
 * format ({@value #SECOND_FORMAT}: the oldest entry's time, then each entry's seconds after it as an unsigned varint)
 * and the first ({@value #FIRST_FORMAT}: 64-bit fingerprints and millisecond times, fixed widths).
 */
final class ExplainedItems {

    static final byte FORMAT = 3;
    static final byte SECOND_FORMAT = 2;
    static final byte FIRST_FORMAT = 1;
    private static final int[] NONE = new int[0];

    private int[] listed;
    private int[] sent;
    private long[] sentAt;
    private int sentCount;

    private ExplainedItems(int[] listed, int[] sent, long[] sentAt, int sentCount) {
        this.listed = listed;
        this.sent = sent;
        this.sentAt = sentAt;
        this.sentCount = sentCount;
    }

    /** The stored history (null: none yet, an empty one). */
    static ExplainedItems decode(byte[] stored) {
        if (stored == null) {
            return new ExplainedItems(NONE, new int[8], new long[8], 0);
        }
        ByteBuffer in = ByteBuffer.wrap(stored);
        byte format = in.get();
        if (format == FIRST_FORMAT) {
            return decodeFirstFormat(in);
        }
        if (format != FORMAT && format != SECOND_FORMAT) {
            throw new IllegalStateException("unknown explained-items format " + format);
        }
        boolean deltas = format == FORMAT;
        int[] listed = new int[ByteUtils.readUnsignedVarint(in)];
        for (int i = 0; i < listed.length; i++) {
            listed[i] = in.getInt();
        }
        int count = ByteUtils.readUnsignedVarint(in);
        int[] sent = new int[count + 8];
        long[] sentAt = new long[count + 8];
        long base = count == 0 ? 0 : ByteUtils.readVarlong(in);
        long previous = base;
        for (int i = 0; i < count; i++) {
            sent[i] = in.getInt();
            previous = deltas ? previous + ByteUtils.readVarlong(in) : base + ByteUtils.readUnsignedVarint(in);
            sentAt[i] = previous * 1000;
        }
        return new ExplainedItems(listed, sent, sentAt, count);
    }

    private static ExplainedItems decodeFirstFormat(ByteBuffer in) {
        int[] listed = new int[in.getInt()];
        for (int i = 0; i < listed.length; i++) {
            listed[i] = fold(in.getLong());
        }
        int count = in.getInt();
        int[] sent = new int[count + 8];
        long[] sentAt = new long[count + 8];
        for (int i = 0; i < count; i++) {
            sent[i] = fold(in.getLong());
            sentAt[i] = in.getLong();
        }
        return new ExplainedItems(listed, sent, sentAt, count);
    }

    /** The fingerprint of an item in a list. */
    static int item(String itemId) {
        return fold(SeenFilter.hash(itemId));
    }

    /** The fingerprint of an explanation: of this item, for this interest, by this prompt version. */
    static int explanation(String itemId, int interestId, String promptVersion) {
        return fold(SeenFilter.hash(itemId + '\u0000' + interestId + '\u0000' + promptVersion));
    }

    private static int fold(long hash) {
        return (int) (hash ^ (hash >>> 32));
    }

    /** Whether the item (its {@link #item} fingerprint) was in the list last remembered by {@link #list}. */
    boolean wasListed(int item) {
        for (int l : listed) {
            if (l == item) {
                return true;
            }
        }
        return false;
    }

    /** Whether the explanation (its {@link #explanation} fingerprint) was sent at or after {@code since}. */
    boolean sentSince(int explanation, long since) {
        for (int i = sentCount - 1; i >= 0; i--) {
            if (sent[i] == explanation) {
                return sentAt[i] >= since;
            }
        }
        return false;
    }

    /** Remembers the items of the user's new list; true when they differ from the last ones (in any order). */
    boolean list(int[] items) {
        boolean same = items.length == listed.length;
        for (int i = 0; same && i < items.length; i++) {
            same = wasListed(items[i]);
        }
        listed = items.clone();
        return !same;
    }

    /** Remembers an explanation sent at {@code now} (replacing an earlier sending of the same one). */
    void sent(int explanation, long now) {
        int at = 0;
        for (int i = 0; i < sentCount; i++) {
            if (sent[i] != explanation) {
                sent[at] = sent[i];
                sentAt[at++] = sentAt[i];
            }
        }
        sentCount = at;
        if (sentCount == sent.length) {
            sent = Arrays.copyOf(sent, 2 * sentCount + 8);
            sentAt = Arrays.copyOf(sentAt, sent.length);
        }
        sent[sentCount] = explanation;
        sentAt[sentCount++] = now;
    }

    /** Explanations remembered (for tests). */
    int sentCount() {
        return sentCount;
    }

    /**
     * The stored form, without the explanations sent before {@code since} and, beyond the newest {@code maxSent}, the
     * oldest, in {@code format}: {@link #FORMAT}, or for readers of releases before it during a rolling upgrade
     * {@link #SECOND_FORMAT} or {@link #FIRST_FORMAT} (the first's readers never find these 32-bit fingerprints
     * written wide equal to their 64-bit ones: they may explain an item once more; this class reads them back as
     * written).
     */
    byte[] encode(long since, int maxSent, int format) {
        if (format == FIRST_FORMAT) {
            return encodeFirstFormat(since, maxSent);
        }
        if (format != FORMAT && format != SECOND_FORMAT) {
            throw new IllegalArgumentException("explained-items format must be 1, 2 or 3, got " + format);
        }
        boolean deltas = format == FORMAT;
        int[] kept = kept(since, maxSent);
        long base = kept.length == 0 ? 0 : seconds(sentAt[kept[0]]); // this format: the first entry's time
        if (!deltas) { // the second: the oldest
            for (int i : kept) {
                base = Math.min(base, seconds(sentAt[i]));
            }
        }
        long[] times = new long[kept.length]; // what each entry stores of its time
        long previous = base;
        int length = 1 + ByteUtils.sizeOfUnsignedVarint(listed.length) + Integer.BYTES * listed.length
                + ByteUtils.sizeOfUnsignedVarint(kept.length) + (kept.length == 0 ? 0 : ByteUtils.sizeOfVarlong(base));
        for (int k = 0; k < kept.length; k++) {
            long at = seconds(sentAt[kept[k]]);
            times[k] = at - (deltas ? previous : base);
            previous = at;
            length += Integer.BYTES + (deltas ? ByteUtils.sizeOfVarlong(times[k])
                    : ByteUtils.sizeOfUnsignedVarint((int) times[k]));
        }
        ByteBuffer out = ByteBuffer.allocate(length).put((byte) format);
        ByteUtils.writeUnsignedVarint(listed.length, out);
        for (int l : listed) {
            out.putInt(l);
        }
        ByteUtils.writeUnsignedVarint(kept.length, out);
        if (kept.length > 0) {
            ByteUtils.writeVarlong(base, out);
        }
        for (int k = 0; k < kept.length; k++) {
            out.putInt(sent[kept[k]]);
            if (deltas) {
                ByteUtils.writeVarlong(times[k], out);
            } else {
                ByteUtils.writeUnsignedVarint((int) times[k], out);
            }
        }
        return out.array();
    }

    private byte[] encodeFirstFormat(long since, int maxSent) {
        int[] kept = kept(since, maxSent);
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + 8 * listed.length + 4 + 16 * kept.length);
        out.put(FIRST_FORMAT).putInt(listed.length);
        for (int l : listed) {
            out.putLong(Integer.toUnsignedLong(l)); // folds back to l
        }
        out.putInt(kept.length);
        for (int i : kept) {
            out.putLong(Integer.toUnsignedLong(sent[i])).putLong(sentAt[i]);
        }
        return out.array();
    }

    /** Indices of the explanations a record keeps: of the newest {@code maxSent}, those sent since {@code since}. */
    private int[] kept(long since, int maxSent) {
        int from = Math.max(0, sentCount - maxSent);
        int[] kept = new int[sentCount - from];
        int n = 0;
        for (int i = from; i < sentCount; i++) {
            if (sentAt[i] >= since) {
                kept[n++] = i;
            }
        }
        return Arrays.copyOf(kept, n);
    }

    private static long seconds(long epochMs) {
        return Math.floorDiv(epochMs, 1000);
    }
}
