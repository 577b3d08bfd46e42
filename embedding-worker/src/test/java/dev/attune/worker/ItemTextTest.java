package dev.attune.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ItemTextTest {

    @Test
    void shouldPutTitleCategoriesAndTagsBeforeTheDescription() {
        String text = ItemText.of(" Alien  (1979) ", "A crew meets a creature.", List.of("space", " monster "), List.of("Horror", "Sci-Fi"));

        assertThat(text).isEqualTo("Alien (1979). Categories: Horror, Sci-Fi. Tags: space, monster. A crew meets a creature.");
    }

    @Test
    void shouldLeaveOutEmptyParts() {
        assertThat(ItemText.of("Heat", null, List.of(), List.of(" "))).isEqualTo("Heat");
        assertThat(ItemText.of("", "", List.of(), List.of())).isEmpty();
    }

    @Test
    void shouldKeyTermsCaseAndSpaceInsensitively() {
        assertThat(ItemText.termKey("  Space   Opera ")).isEqualTo("space opera");
        assertThat(ItemText.term("  Space   Opera ")).isEqualTo("Space Opera");
    }

    @Test
    void shouldNeverSplitASurrogatePairWhenTruncating() {
        String text = "ab\uD83D\uDE00cd";

        assertThat(ItemText.truncate(text, 3)).isEqualTo("ab");
        assertThat(ItemText.truncate(text, 4)).isEqualTo("ab\uD83D\uDE00");
        assertThat(ItemText.truncate(text, 100)).isSameAs(text);
    }
}
