package dev.attune.bench.pipeline;

import dev.attune.streams.model.SeenFilter;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@link SeenFilter#mightContainHashed} of an item the user has not seen, as a refresh asks it of each candidate
 * and each of up to two thousand co-occurring items (averaged over 2,048 ids), and what a click costs the filter: read
 * from its stored bytes, add the item, write. For the MovieLens replay's mean user (165 items, two segments) and its
 * 95th percentile (613 items, four segments), with the Bloom filter (version 2) and the fingerprints (3) side by side.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SeenFilterBenchmark {

    private static final int ASKED = 2_048;

    @Param({"165", "613"})
    public int seen;

    @Param({"2", "3"})
    public int version;

    private SeenFilter filter;
    private long[] unseen;
    private ByteBuffer stored;

    @Setup
    public void setUp() {
        filter = SeenFilter.empty(version);
        for (int i = 0; i < seen; i++) {
            filter.add("m" + i);
        }
        unseen = new long[ASKED];
        for (int i = 0; i < ASKED; i++) {
            unseen[i] = SeenFilter.hash("m" + (100_000 + i));
        }
        stored = ByteBuffer.wrap(filter.encode());
    }

    @Benchmark
    public byte[] readAddWrite() {
        SeenFilter read = SeenFilter.decode(stored);
        read.add("m100000");
        return read.encode();
    }

    @Benchmark
    @OperationsPerInvocation(ASKED)
    public int mightContainUnseen() {
        int found = 0;
        for (long hash : unseen) {
            if (filter.mightContainHashed(hash)) {
                found++;
            }
        }
        return found;
    }
}
