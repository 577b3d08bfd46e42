package dev.attune.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ParamsTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void shouldAcceptAnOrdinaryIdUnchanged() {
        assertThat(Params.id("user 42/é", "user id")).isEqualTo("user 42/é");
    }

    @Test
    void shouldRejectBlankTooLongAndControlCharacterIdsSayingWhy() {
        assertThatThrownBy(() -> Params.id("  ", "user id")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(400)).hasMessage("user id must not be empty");
        assertThatThrownBy(() -> Params.id("x".repeat(257), "item id")).hasMessageContaining("longer than 256");
        assertThatThrownBy(() -> Params.id("ab\u0000c", "user id")).hasMessageContaining("control character at position 2");
    }

    @Test
    void shouldParseIsoInstantsAndEpochMillisAndFallBackWhenAbsent() {
        assertThat(Params.instant("2024-05-01T12:00:00Z", "at", NOW)).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(Params.instant("1714564800000", "at", NOW)).isEqualTo(Instant.ofEpochMilli(1714564800000L));
        assertThat(Params.instant(null, "at", NOW)).isEqualTo(NOW);
    }

    @Test
    void shouldRejectAnUnparseableInstantNamingTheParameter() {
        assertThatThrownBy(() -> Params.instant("yesterday", "at", NOW))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("at must be an ISO-8601 instant")
                .hasMessageContaining("'yesterday'");
    }

    @Test
    void shouldAcceptLimitsInRangeAndRejectOthers() {
        assertThat(Params.limit("7", "limit", 20, 500)).isEqualTo(7);
        assertThat(Params.limit(null, "limit", 20, 500)).isEqualTo(20);
        assertThatThrownBy(() -> Params.limit("0", "limit", 20, 500)).hasMessage("limit must be between 1 and 500, got 0");
        assertThatThrownBy(() -> Params.limit("501", "limit", 20, 500)).hasMessage("limit must be between 1 and 500, got 501");
        assertThatThrownBy(() -> Params.limit("ten", "limit", 20, 500)).hasMessage("limit must be a whole number, got 'ten'");
    }
}
