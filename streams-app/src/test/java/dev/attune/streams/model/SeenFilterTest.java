package dev.attune.streams.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.EventKind;
import dev.attune.schema.Interaction;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
    void shouldAnswerByAHashComputedOnceAsByTheId() {
        // Given filters of both versions, grown to several segments
        for (SeenFilter filter : List.of(SeenFilter.empty(1), SeenFilter.empty(2))) {
            IntStream.range(0, 700).forEach(i -> filter.add("m" + i));

            // Then asking by each id's hash answers as asking by the id: seen ones, unseen ones and false positives
            IntStream.range(0, 5_000).forEach(i -> assertThat(filter.mightContainHashed(SeenFilter.hash("m" + i)))
                    .as("m%d", i).isEqualTo(filter.mightContain("m" + i)));
            assertThat(filter.mightContainHashed(SeenFilter.hash("m3"))).isTrue();
        }
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

    @Test
    void shouldNotLetTwoIdsShareAllTheirBitsAsVersionOneDid() {
        // a pair met in the pipeline bench's catalogue: version 1 put both ids on the same 8 bits of a first segment
        SeenFilter v1 = SeenFilter.empty(1);
        v1.add("m372");
        SeenFilter v2 = SeenFilter.empty();
        v2.add("m372");

        assertThat(v1.mightContain("m7169")).isTrue();
        assertThat(v2.mightContain("m7169")).isFalse();
        // one seen item hides no other id out of 200k (expected: ~1e-6 of one; version 1 expects ~0.7)
        assertThat(IntStream.range(0, 200_000).filter(i -> v2.mightContain("m" + i) && i != 372).count()).isZero();
    }

    @Test
    void shouldReadAndGrowAVersionOneFilterAsVersionOne() {
        SeenFilter old = SeenFilter.empty(1);
        old.add("m372"); // first, into the 768-bit first segment, where version 1 gives it a twin
        IntStream.range(0, 100).forEach(i -> old.add("item-" + i));

        SeenFilter decoded = SeenFilter.decode(java.nio.ByteBuffer.wrap(old.encode()));
        IntStream.range(100, 150).forEach(i -> decoded.add("item-" + i));
        byte[] again = decoded.encode();

        assertThat(IntStream.range(0, 150).allMatch(i -> decoded.mightContain("item-" + i))).isTrue();
        assertThat(decoded.mightContain("m7169")).as("still placed by version 1").isTrue();
        assertThat(again[0]).isEqualTo(SeenFilter.V1);
        assertThat(SeenFilter.empty().encode()[0]).isEqualTo(SeenFilter.V2);
    }

    @Test
    void shouldPlaceEveryBitWhereStoredFiltersHaveIt() throws Exception {
        // Given the SHA-256 of each version's filter of ids m0..m1999 (five and six segments), taken 2026-12-02
        Map<Integer, String> stored = Map.of(
                1, "c5b74a46ffaa4e7903a92d2fbd8ef4ae9ce8c002e95455642d35df6f6efd5888",
                2, "fef6b04cb809eccc24fe3ac9fea2849d143d68d0d83b8bb5b69a7af87518affc");
        for (Map.Entry<Integer, String> version : stored.entrySet()) {
            SeenFilter filter = SeenFilter.empty(version.getKey());
            IntStream.range(0, 2_000).forEach(i -> filter.add("m" + i));

            // When the same filter is grown again, then it encodes to the same bytes: a filter's bits cannot be
            // re-placed without the ids, so a change to the placement (a faster modulo, say) that moved one would
            // lose items from stored filters
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(filter.encode());
            assertThat(HexFormat.of().formatHex(digest)).as("version %d", version.getKey())
                    .isEqualTo(version.getValue());
        }
    }
}
