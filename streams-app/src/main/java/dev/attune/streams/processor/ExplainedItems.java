package dev.attune.streams.processor;

import dev.attune.streams.model.SeenFilter;
import dev.attune.streams.topology.StoreNames;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One user's explanation history, decoded: the value of {@value StoreNames#EXPLAINED_ITEMS}. It holds what the
 * explanation emitter needs to ask only for what is new:
 * <ul>
 *   <li>the items of the user's current list, so that an item that stays in the list is not explained again;</li>
 *   <li>the (item, interest, prompt version) explained lately and when, oldest first, so that none is explained
 *       twice within the dedup window: at most {@code maxSent} of them, the oldest dropped first (a user with more
 *       explanations than that within a window may see the oldest explained again when they come back).</li>
 * </ul>
 * Both are kept as 64-bit fingerprints ({@link SeenFilter#hash}, the same on every JVM; a false match, which would
 * skip one request, is about one in 10^16 for a few hundred entries).
 *
 * <p>Why one record per user: a record per explained (user, item, interest, version) grew with traffic (about two a
 * refresh, a billion a week at 1,000 refreshes a second) and could only be expired by a scan of the whole store on the
 * stream thread; each refresh read it about three times and the previous list once more (bench/RESULTS.md, 2026-12-01
 * evening). This record is read once a refresh, written only when the list's items change or a request is sent, and
 * stays within {@code 9 + 8 * listSize + 16 * maxSent} bytes (≈2.2 KB at the defaults, 20 and 128); expired entries
 * are dropped whenever it is written.
 *
 * <p>Stored format (private to its store, so not Avro): the byte {@value #FORMAT}; the listed count (int) and
 * fingerprints (long each); the sent count (int) and per entry its fingerprint and wall-clock time sent in epoch
 * milliseconds (longs). Big-endian.
 */
final class ExplainedItems {

    static final byte FORMAT = 1;
    private static final long[] NONE = new long[0];

    private long[] listed;
    private long[] sent;
    private long[] sentAt;
    private int sentCount;

    private ExplainedItems(long[] listed, long[] sent, long[] sentAt, int sentCount) {
        this.listed = listed;
        this.sent = sent;
        this.sentAt = sentAt;
        this.sentCount = sentCount;
    }

    /** The stored history (null: none yet, an empty one). */
    static ExplainedItems decode(byte[] stored) {
        if (stored == null) {
            return new ExplainedItems(NONE, new long[8], new long[8], 0);
        }
        ByteBuffer in = ByteBuffer.wrap(stored);
        byte format = in.get();
        if (format != FORMAT) {
            throw new IllegalStateException("unknown explained-items format " + format);
        }
        long[] listed = new long[in.getInt()];
        for (int i = 0; i < listed.length; i++) {
            listed[i] = in.getLong();
        }
        int count = in.getInt();
        long[] sent = new long[count + 8];
        long[] sentAt = new long[count + 8];
        for (int i = 0; i < count; i++) {
            sent[i] = in.getLong();
            sentAt[i] = in.getLong();
        }
        return new ExplainedItems(listed, sent, sentAt, count);
    }

    /** The fingerprint of an item in a list. */
    static long item(String itemId) {
        return SeenFilter.hash(itemId);
    }

    /** The fingerprint of an explanation: of this item, for this interest, by this prompt version. */
    static long explanation(String itemId, int interestId, String promptVersion) {
        return SeenFilter.hash(itemId + '\u0000' + interestId + '\u0000' + promptVersion);
    }

    /** Whether the item (its {@link #item} fingerprint) was in the list last remembered by {@link #list}. */
    boolean wasListed(long item) {
        for (long l : listed) {
            if (l == item) {
                return true;
            }
        }
        return false;
    }

    /** Whether the explanation (its {@link #explanation} fingerprint) was sent at or after {@code since}. */
    boolean sentSince(long explanation, long since) {
        for (int i = sentCount - 1; i >= 0; i--) {
            if (sent[i] == explanation) {
                return sentAt[i] >= since;
            }
        }
        return false;
    }

    /** Remembers the items of the user's new list; true when they differ from the last ones (in any order). */
    boolean list(long[] items) {
        boolean same = items.length == listed.length;
        for (int i = 0; same && i < items.length; i++) {
            same = wasListed(items[i]);
        }
        listed = items.clone();
        return !same;
    }

    /** Remembers an explanation sent at {@code now} (replacing an earlier sending of the same one). */
    void sent(long explanation, long now) {
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
     * oldest.
     */
    byte[] encode(long since, int maxSent) {
        int from = Math.max(0, sentCount - maxSent);
        int kept = 0;
        for (int i = from; i < sentCount; i++) {
            if (sentAt[i] >= since) {
                kept++;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + 8 * listed.length + 4 + 16 * kept);
        out.put(FORMAT).putInt(listed.length);
        for (long l : listed) {
            out.putLong(l);
        }
        out.putInt(kept);
        for (int i = from; i < sentCount; i++) {
            if (sentAt[i] >= since) {
                out.putLong(sent[i]).putLong(sentAt[i]);
            }
        }
        return out.array();
    }
}
