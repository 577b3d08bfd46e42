package dev.attune.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemKeysTest {

    private final ItemKeys keys = new ItemKeys();

    @Test
    void shouldNumberItemsInTheOrderFirstMetAndKeepEachNumber() {
        assertThat(keys.keyOf("m-1")).isZero();
        assertThat(keys.keyOf("m-2")).isEqualTo(1);
        assertThat(keys.keyOf("m-1")).isZero();
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.id(1)).isEqualTo("m-2");
    }

    @Test
    void shouldFindAnIdByItsUtf8BytesInsideALargerArrayAsByTheString() {
        byte[] row = "xx-é-item-yy".getBytes(StandardCharsets.UTF_8);
        int key = keys.keyOf("é-item");

        int length = "é-item".getBytes(StandardCharsets.UTF_8).length;
        assertThat(keys.keyOf(row, 3, length)).isEqualTo(key);
        assertThat(keys.utf8(key)).isEqualTo("é-item".getBytes(StandardCharsets.UTF_8));
        assertThat(keys.keyOf(row, 3, length - 1)).isNotEqualTo(key); // a prefix is another id
    }

    @Test
    void shouldKeepEveryKeyAcrossTheTablesGrowth() {
        Map<String, Integer> given = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            given.put("item-" + i, keys.keyOf("item-" + i));
        }

        assertThat(keys.size()).isEqualTo(20_000);
        given.forEach((id, key) -> {
            assertThat(keys.keyOf(id)).as(id).isEqualTo(key);
            assertThat(keys.id(key)).isEqualTo(id);
        });
        assertThat(new java.util.HashSet<>(given.values())).hasSize(20_000);
    }
}
