package dev.attune.streams.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.schema.EventKind;
import dev.attune.schema.Evidence;
import dev.attune.schema.EvidenceSource;
import dev.attune.schema.Polarity;
import dev.attune.schema.UserInterests;
import dev.attune.serde.SerdeFactory;
import dev.attune.streams.testing.VectorSpace;
import dev.attune.vector.Vectors;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UserStateCodecTest {

    private final VectorSpace space = new VectorSpace(3);

    @Test
    void shouldRoundTripAFullUserWithinQuantisationErrorAndReportItsSize() {
        InterestParams p = InterestParams.defaults();
        InterestModel model = new InterestModel(p, Labeler.NONE);
        UserState user = UserState.empty("user-42");
        long t = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        String[] genres = {"scifi", "comedy", "drama", "horror", "western", "musical", "war", "noir"};
        for (int i = 0; i < p.recentMax(); i++) {
            String genre = genres[i % genres.length];
            model.applyPositive(user, space.mix(0.5, genre, 1), 1.0, t + i,
                    new Evidence(EvidenceSource.ITEM_EVENT, EventKind.CLICK, "item-" + i, "A movie title " + i,
                            Polarity.POSITIVE, Instant.ofEpochMilli(t + i)));
            model.recordInteraction(user, "item-" + i, EventKind.CLICK, t + i);
        }
        for (int i = 0; i < p.negativeMax(); i++) {
            model.applyNegative(user, space.mix(0.5, "neg" + i, 1), 1.0, t, "disliked " + i);
        }

        UserInterests stored = UserStateCodec.encode(user, VectorSpace.MODEL);
        UserState back = UserStateCodec.decode(stored);
        byte[] bytes = SerdeFactory.forUrl("mock://codec").value(UserInterests.class).serializer()
                .serialize("user-interests-changelog", stored);

        assertThat(back.interests()).hasSize(p.maxInterests());
        for (int i = 0; i < back.interests().size(); i++) {
            float cos = Vectors.dot(back.interests().get(i).centroid(), user.interests().get(i).centroid());
            assertThat(cos).isGreaterThan(0.999f);
        }
        assertThat(back.recent()).hasSize(p.recentMax());
        assertThat(back.negatives()).hasSize(p.negativeMax());
        for (int i = 0; i < back.negatives().size(); i++) {
            // 4-bit codes: coarser, but far finer than the negative similarity floor acts on
            float cos = Vectors.dot(back.negatives().get(i).centroid(), user.negatives().get(i).centroid());
            assertThat(cos).isGreaterThan(0.98f);
        }
        assertThat(stored.getNegatives()).allSatisfy(n -> assertThat(n.getCentroid().getBits()).isEqualTo(4));
        System.out.printf("bytes per user (K=%d full, %d recent, %d negatives, 384-d int8 interests, 4-bit negatives): %d%n",
                p.maxInterests(), p.recentMax(), p.negativeMax(), bytes.length);
        // float32 centroids alone would be 8 * 1536 + 16 * 1536 bytes; int8 keeps the whole user well under that
        assertThat(bytes.length).isLessThan(24 * 1536);
    }
}
