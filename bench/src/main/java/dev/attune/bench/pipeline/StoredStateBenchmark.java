package dev.attune.bench.pipeline;

import dev.attune.schema.EventKind;
import dev.attune.schema.Evidence;
import dev.attune.schema.EvidenceSource;
import dev.attune.schema.Interaction;
import dev.attune.schema.Interest;
import dev.attune.schema.ItemNegativeSignal;
import dev.attune.schema.Polarity;
import dev.attune.schema.UserInterests;
import dev.attune.serde.SerdeFactory;
import dev.attune.streams.model.Quantizer;
import dev.attune.streams.model.SeenFilter;
import dev.attune.streams.processor.StoredStateSerde;
import dev.attune.vector.Vectors;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a click costs the {@code user-interests} store's serde: a heavy MovieLens user's state (8 interests of 384-d
 * 4-bit centroids with 3 evidence entries each, 8 item negative signals, 30 recent interactions, a 613-item seen
 * filter) read from and written to its stored bytes, in the Avro record (format 1) and the compact form (2) side by
 * side. Each click reads the state once and writes it once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StoredStateBenchmark {

    private static final String TOPIC = "attune-streams-user-interests-changelog";

    @Param({"1", "2"})
    public int format;

    private UserInterests state;
    private byte[] stored;
    private Serializer<UserInterests> serializer;
    private Deserializer<UserInterests> deserializer;

    @Setup
    public void setUp() {
        StoredStateSerde serde = new StoredStateSerde(SerdeFactory.forUrl("mock://stored-state-bench")
                .value(UserInterests.class), format);
        serializer = serde.serializer();
        deserializer = serde.deserializer();
        state = heavyUser(new SplittableRandom(3));
        stored = serializer.serialize(TOPIC, state);
    }

    @Benchmark
    public UserInterests read() {
        return deserializer.deserialize(TOPIC, stored);
    }

    @Benchmark
    public byte[] write() {
        return serializer.serialize(TOPIC, state);
    }

    private static UserInterests heavyUser(SplittableRandom random) {
        long clock = 965_710_000_000L; // MovieLens-era event times, a few seconds to hours apart
        List<Interest> interests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            float[] v = new float[384];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) random.nextGaussian();
            }
            List<Evidence> evidence = new ArrayList<>();
            for (int e = 0; e < 3; e++) {
                evidence.add(new Evidence(EvidenceSource.ITEM_EVENT, EventKind.VIEW, "m" + random.nextInt(10_000), "",
                        Polarity.POSITIVE, Instant.ofEpochMilli(clock - 1_000L * random.nextInt(7_200))));
            }
            interests.add(new Interest(i, Quantizer.encode(Vectors.normalizeInPlace(v), 4), 1 + random.nextDouble(),
                    "A Film Title of Usual Length (1990)", Instant.ofEpochMilli(clock - 60_000L * i), evidence));
        }
        List<ItemNegativeSignal> itemNegatives = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            itemNegatives.add(new ItemNegativeSignal("m" + random.nextInt(10_000), random.nextDouble(),
                    Instant.ofEpochMilli(clock - 1_000L * random.nextInt(7_200))));
        }
        List<Interaction> recent = new ArrayList<>();
        for (int r = 0; r < 30; r++) {
            recent.add(new Interaction("m" + random.nextInt(10_000), EventKind.VIEW,
                    Instant.ofEpochMilli(clock - 30_000L * r)));
        }
        SeenFilter seen = SeenFilter.empty(3);
        for (int s = 0; s < 613; s++) {
            seen.add("m" + s);
        }
        return new UserInterests("ml414", "all-MiniLM-L6-v2", Instant.ofEpochMilli(clock), interests, List.of(),
                recent, 8, ByteBuffer.wrap(seen.encode()), itemNegatives);
    }
}
