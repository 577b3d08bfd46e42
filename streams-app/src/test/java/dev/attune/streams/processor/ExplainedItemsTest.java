package dev.attune.streams.processor;

import static dev.attune.streams.processor.ExplainedItems.FORMAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attune.streams.model.SeenFilter;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplainedItemsTest {

    private static final long NOW = 1_000_000L;
    private static final long S = 1_000L;

    @Test
    void shouldRememberTheListedItemsAndTheExplanationsSentAcrossItsStoredForm() {
        ExplainedItems history = ExplainedItems.decode(null);
        int alien = ExplainedItems.item("alien");
        int alienForSciFi = ExplainedItems.explanation("alien", 3, "v1");
        assertThat(history.wasListed(alien)).isFalse();
        assertThat(history.sentSince(alienForSciFi, 0)).isFalse();

        assertThat(history.list(new int[] {alien, ExplainedItems.item("heat")})).isTrue();
        history.sent(alienForSciFi, NOW);
        ExplainedItems stored = ExplainedItems.decode(history.encode(0, 10, FORMAT));

        assertThat(stored.wasListed(alien)).isTrue();
        assertThat(stored.wasListed(ExplainedItems.item("heat"))).isTrue();
        assertThat(stored.wasListed(ExplainedItems.item("brazil"))).isFalse();
        assertThat(stored.sentSince(alienForSciFi, NOW)).isTrue();
        assertThat(stored.sentSince(alienForSciFi, NOW + 1)).isFalse();
        // another interest or prompt version is another explanation
        assertThat(stored.sentSince(ExplainedItems.explanation("alien", 4, "v1"), 0)).isFalse();
        assertThat(stored.sentSince(ExplainedItems.explanation("alien", 3, "v2"), 0)).isFalse();
    }

    @Test
    void shouldTellWhetherTheListedItemsChangedWhateverTheirOrder() {
        ExplainedItems history = ExplainedItems.decode(null);
        int a = ExplainedItems.item("a");
        int b = ExplainedItems.item("b");
        assertThat(history.list(new int[] {a, b})).isTrue();

        assertThat(history.list(new int[] {b, a})).isFalse();
        assertThat(history.list(new int[] {b})).isTrue();
        assertThat(history.wasListed(a)).isFalse();
        assertThat(history.list(new int[] {b, a})).isTrue();
    }

    @Test
    void shouldDropExplanationsSentBeforeTheWindowWhenStored() {
        ExplainedItems history = ExplainedItems.decode(null);
        history.sent(1, NOW - 500 * S);
        history.sent(2, NOW - 100 * S);

        ExplainedItems stored = ExplainedItems.decode(history.encode(NOW - 200 * S, 10, FORMAT));

        assertThat(stored.sentCount()).isEqualTo(1);
        assertThat(stored.sentSince(1, 0)).isFalse();
        assertThat(stored.sentSince(2, NOW - 200 * S)).isTrue();
    }

    @Test
    void shouldKeepTimesToTheSecond() {
        ExplainedItems history = ExplainedItems.decode(null);
        history.sent(1, NOW + 1_999);
        history.sent(2, NOW + 5_000);

        ExplainedItems stored = ExplainedItems.decode(history.encode(0, 10, FORMAT));

        assertThat(stored.sentSince(1, NOW + 1_000)).isTrue();
        assertThat(stored.sentSince(1, NOW + 1_001)).isFalse(); // sent at 1.999 s, remembered as 1 s
        assertThat(stored.sentSince(2, NOW + 5_000)).isTrue();
        assertThat(stored.sentSince(2, NOW + 5_001)).isFalse();
    }

    @Test
    void shouldKeepOnlyTheNewestExplanationsBeyondItsBoundAndEachOnce() {
        ExplainedItems history = ExplainedItems.decode(null);
        for (int e = 0; e < 20; e++) {
            history.sent(e, NOW + e * S);
        }
        history.sent(5, NOW + 100 * S); // sent again: now the newest, still one entry
        assertThat(history.sentCount()).isEqualTo(20);

        ExplainedItems stored = ExplainedItems.decode(history.encode(0, 3, FORMAT));

        assertThat(stored.sentCount()).isEqualTo(3);
        assertThat(stored.sentSince(5, NOW + 100 * S)).isTrue();
        assertThat(stored.sentSince(19, NOW + 19 * S)).isTrue();
        assertThat(stored.sentSince(18, NOW + 18 * S)).isTrue();
        assertThat(stored.sentSince(17, 0)).isFalse();
        assertThat(ExplainedItems.decode(history.encode(0, 0, FORMAT)).sentCount()).isZero();
    }

    @Test
    void shouldBeSmallAndRefuseAFormatItDoesNotKnow() {
        ExplainedItems history = ExplainedItems.decode(null);
        history.list(new int[] {1, 2});
        history.sent(7, NOW);
        history.sent(8, NOW + 3 * S);

        // format, 2 listed, 2 x 4 bytes, 2 sent, the first one's second (1,000: a 2-byte varlong), 2 x (4 bytes + a
        // step of 1 byte)
        assertThat(history.encode(0, 10, FORMAT)).hasSize(1 + 1 + 2 * 4 + 1 + 2 + 2 * (4 + 1));
        assertThatThrownBy(() -> ExplainedItems.decode(new byte[] {9, 0, 0, 0, 0}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("format 9");
    }

    @Test
    void shouldReadTheFirstFormatsRecords() {
        // 64-bit fingerprints and millisecond times, as stored before format 2
        byte[] first = ByteBuffer.allocate(1 + 4 + 8 + 4 + 16).put(ExplainedItems.FIRST_FORMAT)
                .putInt(1).putLong(SeenFilter.hash("alien"))
                .putInt(1).putLong(SeenFilter.hash("heat" + '\u0000' + 3 + '\u0000' + "v1")).putLong(NOW + 1_234)
                .array();

        ExplainedItems stored = ExplainedItems.decode(first);

        assertThat(stored.wasListed(ExplainedItems.item("alien"))).isTrue();
        assertThat(stored.wasListed(ExplainedItems.item("heat"))).isFalse();
        assertThat(stored.sentSince(ExplainedItems.explanation("heat", 3, "v1"), NOW + 1_234)).isTrue();
        assertThat(stored.sentSince(ExplainedItems.explanation("heat", 3, "v1"), NOW + 1_235)).isFalse();
    }

    @Test
    void shouldWriteTheFirstFormatForARollingUpgradeAndReadItBackAsWritten() {
        ExplainedItems history = ExplainedItems.decode(null);
        int negative = -123_456_789;
        history.list(new int[] {negative, 42});
        history.sent(negative, NOW + 1_234);

        byte[] first = history.encode(0, 10, ExplainedItems.FIRST_FORMAT);
        ExplainedItems stored = ExplainedItems.decode(first);

        assertThat(first).hasSize(1 + 4 + 2 * 8 + 4 + 16).startsWith(ExplainedItems.FIRST_FORMAT);
        assertThat(stored.wasListed(negative)).isTrue();
        assertThat(stored.wasListed(42)).isTrue();
        assertThat(stored.sentSince(negative, NOW + 1_234)).isTrue(); // milliseconds, as that format keeps them
        assertThatThrownBy(() -> history.encode(0, 10, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStoreEachTimeAsTheStepFromTheOneBeforeInAByteWhereTheOffsetFromTheOldestTookThree() {
        ExplainedItems history = ExplainedItems.decode(null);
        for (int e = 0; e < 100; e++) { // one a minute for 100 minutes, out of order once
            history.sent(e, NOW + (e == 50 ? 48 : e) * 60 * S);
        }

        byte[] steps = history.encode(0, 128, FORMAT);
        byte[] offsets = history.encode(0, 128, ExplainedItems.SECOND_FORMAT);

        // offsets from the oldest: 1 byte up to 2 minutes (3 entries), 2 bytes after (97); steps: 1 byte each but the
        // 3 minutes after the out-of-order entry (2 bytes)
        assertThat(offsets.length - steps.length).isEqualTo((3 + 97 * 2) - (99 + 2));
        for (byte[] stored : List.of(steps, offsets)) {
            ExplainedItems read = ExplainedItems.decode(stored);
            assertThat(read.sentCount()).isEqualTo(100);
            for (int e = 0; e < 100; e++) {
                long at = NOW + (e == 50 ? 48 : e) * 60 * S;
                assertThat(read.sentSince(e, at)).isTrue();
                assertThat(read.sentSince(e, at + 1)).isFalse();
            }
        }
    }
}
