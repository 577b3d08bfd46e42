package dev.attune.bench.memory;

import dev.attune.schema.Interest;
import dev.attune.schema.QuantizedVector;
import dev.attune.schema.UserInterests;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Where a user's stored bytes go: each part's share is the size drop when that part is emptied
 * (negative signals, by vector and by item id together; recent interactions; interest evidence; the seen filter; the
 * interest centroids' codes, as the serializer stores them). Sums over users; {@link #line} prints the means.
 */
final class StateBreakdown {

    private long users;
    private long total;
    private long centroids;
    private long negatives;
    private long recent;
    private long evidence;
    private long seen;

    void add(Serializer<UserInterests> serializer, String topic, UserInterests value, int fullSize) {
        users++;
        total += fullSize;
        List<Interest> uncoded = value.getInterests().stream().map(i -> Interest.newBuilder(i)
                .setCentroid(new QuantizedVector(i.getCentroid().getScale(), ByteBuffer.allocate(0), 8)).build())
                .toList();
        centroids += fullSize - size(serializer, topic, UserInterests.newBuilder(value).setInterests(uncoded).build());
        negatives += fullSize - size(serializer, topic,
                UserInterests.newBuilder(value).setNegatives(List.of()).setItemNegatives(List.of()).build());
        recent += fullSize - size(serializer, topic, UserInterests.newBuilder(value).setRecent(List.of()).build());
        List<Interest> bare = value.getInterests().stream()
                .map(i -> Interest.newBuilder(i).setEvidence(List.of()).build()).toList();
        evidence += fullSize - size(serializer, topic, UserInterests.newBuilder(value).setInterests(bare).build());
        seen += fullSize - size(serializer, topic, UserInterests.newBuilder(value).setSeen(null).build());
    }

    private static int size(Serializer<UserInterests> serializer, String topic, UserInterests value) {
        return serializer.serialize(topic, value).length;
    }

    String line() {
        double n = Math.max(1, users);
        return String.format(Locale.ROOT, "mean value %.0f B = interest centroids %.0f + negative signals %.0f + "
                        + "recent interactions %.0f + interest evidence %.0f + seen filter %.0f + rest %.0f", total / n,
                centroids / n, negatives / n, recent / n, evidence / n, seen / n,
                (total - centroids - negatives - recent - evidence - seen) / n);
    }
}
