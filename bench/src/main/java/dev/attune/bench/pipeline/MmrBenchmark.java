package dev.attune.bench.pipeline;

import dev.attune.bench.load.ItemSpace;
import dev.attune.streams.recommend.MmrReranker;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * MMR selection of 20 of P 384-d candidates by the recommender's own {@link MmrReranker} (lazy greedy;
 * its picks are equality-tested against the textbook algorithm in MmrRerankerTest). P = 260 is what the
 * recommender's default pool (200, at least 10 per interest, K = 8) gives.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MmrBenchmark {

    @Param({"260"})
    public int pool;

    private float[][] vectors;
    private double[] relevance;

    @Setup
    public void setUp() {
        ItemSpace space = new ItemSpace(384, 8, 1.0, 5);
        SplittableRandom random = new SplittableRandom(5);
        vectors = new float[pool][];
        relevance = new double[pool];
        for (int i = 0; i < pool; i++) {
            vectors[i] = space.item(i);
            relevance[i] = random.nextDouble();
        }
    }

    @Benchmark
    public int[] select() {
        MmrReranker.Selection selection = new MmrReranker(0.75).select(vectors, relevance);
        int[] picks = new int[20];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = selection.next();
        }
        return picks;
    }
}
