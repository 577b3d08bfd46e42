package dev.attune.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExplainedItemsTest {

    private static final long NOW = 1_000_000L;

    @Test
    void shouldRememberTheListedItemsAndTheExplanationsSentAcrossItsStoredForm() {
        ExplainedItems history = ExplainedItems.decode(null);
        long alien = ExplainedItems.item("alien");
        long alienForSciFi = ExplainedItems.explanation("alien", 3, "v1");
        assertThat(history.wasListed(alien)).isFalse();
        assertThat(history.sentSince(alienForSciFi, 0)).isFalse();

        assertThat(history.list(new long[] {alien, ExplainedItems.item("heat")})).isTrue();
        history.sent(alienForSciFi, NOW);
        ExplainedItems stored = ExplainedItems.decode(history.encode(0, 10));

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
        long a = ExplainedItems.item("a");
        long b = ExplainedItems.item("b");
        assertThat(history.list(new long[] {a, b})).isTrue();

        assertThat(history.list(new long[] {b, a})).isFalse();
        assertThat(history.list(new long[] {b})).isTrue();
        assertThat(history.wasListed(a)).isFalse();
        assertThat(history.list(new long[] {b, a})).isTrue();
    }

    @Test
    void shouldDropExplanationsSentBeforeTheWindowWhenStored() {
        ExplainedItems history = ExplainedItems.decode(null);
        history.sent(1L, NOW - 500);
        history.sent(2L, NOW - 100);

        ExplainedItems stored = ExplainedItems.decode(history.encode(NOW - 200, 10));

        assertThat(stored.sentCount()).isEqualTo(1);
        assertThat(stored.sentSince(1L, 0)).isFalse();
        assertThat(stored.sentSince(2L, NOW - 200)).isTrue();
    }

    @Test
    void shouldKeepOnlyTheNewestExplanationsBeyondItsBoundAndEachOnce() {
        ExplainedItems history = ExplainedItems.decode(null);
        for (long e = 0; e < 20; e++) {
            history.sent(e, NOW + e);
        }
        history.sent(5L, NOW + 100); // sent again: now the newest, still one entry
        assertThat(history.sentCount()).isEqualTo(20);

        ExplainedItems stored = ExplainedItems.decode(history.encode(0, 3));

        assertThat(stored.sentCount()).isEqualTo(3);
        assertThat(stored.sentSince(5L, NOW + 100)).isTrue();
        assertThat(stored.sentSince(19L, NOW + 19)).isTrue();
        assertThat(stored.sentSince(18L, NOW + 18)).isTrue();
        assertThat(stored.sentSince(17L, 0)).isFalse();
        assertThat(ExplainedItems.decode(history.encode(0, 0)).sentCount()).isZero();
    }

    @Test
    void shouldBeSmallAndRefuseAFormatItDoesNotKnow() {
        ExplainedItems history = ExplainedItems.decode(null);
        history.list(new long[] {1L, 2L});
        history.sent(7L, NOW);

        assertThat(history.encode(0, 10)).hasSize(1 + 4 + 2 * 8 + 4 + 16);
        assertThatThrownBy(() -> ExplainedItems.decode(new byte[] {9, 0, 0, 0, 0}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("format 9");
    }
}
