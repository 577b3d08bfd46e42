package dev.attune.bench.pipeline;

import dev.attune.streams.model.SeenFilter;
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
 * and each of up to two thousand co-occurring items: for the MovieLens replay's mean user (165 items, two segments)
 * and its 95th percentile (613 items, four segments). Averaged over 2,048 ids.
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

    private SeenFilter filter;
    private long[] unseen;

    @Setup
    public void setUp() {
        filter = SeenFilter.empty();
        for (int i = 0; i < seen; i++) {
            filter.add("m" + i);
        }
        unseen = new long[ASKED];
        for (int i = 0; i < ASKED; i++) {
            unseen[i] = SeenFilter.hash("m" + (100_000 + i));
        }
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
