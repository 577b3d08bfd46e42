package dev.attune.bench.pipeline;

import dev.attune.bench.load.ItemSpace;
import dev.attune.vector.Vectors;
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
 * One {@link Vectors#dot} of two 384-d vectors already in the CPU's caches, as a refresh's scoring computes them
 * (a candidate against each interest, the composite and each negative signal): the arithmetic and the final sum of
 * the lanes, without memory stalls. Averaged over a candidate against 64 vectors.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DotProductBenchmark {

    private static final int VECTORS = 64;

    @Param({"384"})
    public int dimension;

    private float[][] vectors;
    private float[] candidate;

    @Setup
    public void setUp() {
        ItemSpace space = new ItemSpace(dimension, 8, 1.0, 7);
        vectors = new float[VECTORS][];
        for (int i = 0; i < VECTORS; i++) {
            vectors[i] = space.item(i);
        }
        candidate = space.item(VECTORS);
    }

    @Benchmark
    @OperationsPerInvocation(VECTORS)
    public float dot() {
        float sum = 0f;
        for (float[] v : vectors) {
            sum += Vectors.dot(candidate, v);
        }
        return sum;
    }
}
