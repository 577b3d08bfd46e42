package dev.attune.streams.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.EventKind;
import dev.attune.schema.Interaction;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SeenFilterTest {

    @Test
    void shouldRememberEveryAddedItemAndRarelyClaimAnUnseenOne() {
        SeenFilter filter = SeenFilter.empty();
        IntStream.range(0, 3_000).forEach(i -> filter.add("m" + i));

        assertThat(IntStream.range(0, 3_000).allMatch(i -> filter.mightContain("m" + i))).isTrue();
        long falsePositives = IntStream.range(0, 20_000).filter(i -> filter.mightContain("other-" + i)).count();
        assertThat(falsePositives).isLessThan(20_000 / 50); // under 2% with 6 segments
        assertThat(filter.size()).isBetween(2_900, 3_000); // an add that looks seen is not counted
    }

    @Test
    void shouldStayCompactAndSurviveEncoding() {
        SeenFilter filter = SeenFilter.empty();
        IntStream.range(0, 165).forEach(i -> filter.add("item-" + i));

        byte[] bytes = filter.encode();
        SeenFilter decoded = SeenFilter.decode(java.nio.ByteBuffer.wrap(bytes));

        assertThat(bytes.length).isLessThan(400); // the mean MovieLens user: about 2 bytes per item
        assertThat(IntStream.range(0, 165).allMatch(i -> decoded.mightContain("item-" + i))).isTrue();
        assertThat(decoded.mightContain("item-999")).isEqualTo(filter.mightContain("item-999"));
        assertThat(decoded.size()).isEqualTo(filter.size());
    }

    @Test
    void shouldStartAStateStoredBeforeTheFilterFromItsRecentInteractions() {
        Interaction recent = new Interaction("old-item", EventKind.LIKE, Instant.EPOCH);
        UserState state = new UserState("u", 0, 0, List.of(), List.of(), List.of(recent), null);

        UserState roundTrip = UserStateCodec.decode(UserStateCodec.encode(state, "m", 8), ItemLookup.NONE);

        assertThat(state.seen().mightContain("old-item")).isTrue();
        assertThat(roundTrip.seen().mightContain("old-item")).isTrue();
        assertThat(roundTrip.seen().mightContain("new-item")).isFalse();
    }
}
