package dev.attune.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attune.schema.ClickEvent;
import dev.attune.schema.EventKind;
import dev.attune.schema.QueryEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProduceCommandTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void shouldSendAClickByDefaultAtTheCurrentTime() {
        ClickEvent click = ProduceCommand.click(List.of("414", "318"), NOW);

        assertThat(click.getUserId()).isEqualTo("414");
        assertThat(click.getItemId()).isEqualTo("318");
        assertThat(click.getKind()).isEqualTo(EventKind.CLICK);
        assertThat(click.getEventTime()).isEqualTo(NOW);
    }

    @Test
    void shouldReadTheKindCaseInsensitivelyWithDashes() {
        assertThat(ProduceCommand.click(List.of("1", "2", "add-to-cart"), NOW).getKind()).isEqualTo(EventKind.ADD_TO_CART);
        assertThat(ProduceCommand.click(List.of("1", "2", "Dislike"), NOW).getKind()).isEqualTo(EventKind.DISLIKE);
    }

    @Test
    void shouldRejectAnUnknownKindListingTheKnownOnes() {
        assertThatThrownBy(() -> ProduceCommand.click(List.of("1", "2", "love"), NOW))
                .hasMessageContaining("love").hasMessageContaining("PURCHASE");
        assertThatThrownBy(() -> ProduceCommand.click(List.of("1", "2", "unknown"), NOW)).hasMessageContaining("unknown");
    }

    @Test
    void shouldJoinUnquotedQueryWordsAndGiveEachQueryItsOwnId() {
        QueryEvent first = ProduceCommand.query(List.of("414", "space", "opera,", "nothing", "dark"), NOW);
        QueryEvent second = ProduceCommand.query(List.of("414", "space opera, nothing dark"), NOW);

        assertThat(first.getText()).isEqualTo("space opera, nothing dark");
        assertThat(second.getText()).isEqualTo(first.getText());
        assertThat(first.getQueryId()).isNotEqualTo(second.getQueryId());
    }

    @Test
    void shouldRejectMissingArguments() {
        assertThatThrownBy(() -> ProduceCommand.click(List.of("414"), NOW)).hasMessageContaining("<user> <item>");
        assertThatThrownBy(() -> ProduceCommand.query(List.of("414", "  "), NOW)).hasMessageContaining("empty");
    }
}
