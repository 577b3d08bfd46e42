package dev.attune.bench.pipeline;

import dev.attune.bench.load.ItemSpace;
import dev.attune.vector.Vectors;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * A refresh's scoring loop on its own: {@value #CANDIDATES} candidates drawn at random from a catalogue of
 * {@code items} vectors, each dotted with {@value #INTERESTS} interests, as {@code Recommender.score} does. With
 * {@code evicted}, the CPU's caches are flushed (a 64 MB buffer written) before each invocation, as a refresh meets
 * them after the rest of a stream thread's work: the difference from the cached run is what scoring waits on memory.
 * {@link #scoreTouchingNext} loads the next candidate's vector while the current one is scored, so that its cache
 * misses overlap arithmetic: how much of that wait reordering alone can hide. Time per candidate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CandidateScoringBenchmark {

    private static final int CANDIDATES = 380;
    private static final int INTERESTS = 8;
    private static final int DIMENSION = 384;

    @Param({"10000"})
    public int items;

    @Param({"false", "true"})
    public boolean evicted;

    private float[][] catalogue;
    /** Objects allocated between the vectors, so that they lie apart on the heap as a catalogue's do. */
    private Object[] between;
    private float[][] interests;
    private final int[] candidates = new int[CANDIDATES];
    private final SplittableRandom random = new SplittableRandom(11);
    private byte[] flush;

    @Setup
    public void setUp() {
        ItemSpace space = new ItemSpace(DIMENSION, 64, 1.0, 7);
        catalogue = new float[items][];
        between = new Object[items];
        for (int i = 0; i < items; i++) {
            catalogue[i] = space.item(i);
            between[i] = new byte[random.nextInt(2_048)];
        }
        interests = new float[INTERESTS][];
        for (int i = 0; i < INTERESTS; i++) {
            interests[i] = space.item(random.nextInt(items));
        }
        flush = new byte[64 << 20];
    }

    /** A new draw of candidates, and the caches flushed when {@code evicted}: not timed. */
    @Setup(Level.Invocation)
    public void draw() {
        for (int c = 0; c < CANDIDATES; c++) {
            candidates[c] = random.nextInt(items);
        }
        if (evicted) {
            for (int b = 0; b < flush.length; b += 64) {
                flush[b]++;
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(CANDIDATES)
    public float score() {
        float sum = 0f;
        for (int c = 0; c < CANDIDATES; c++) {
            float[] candidate = catalogue[candidates[c]];
            for (float[] interest : interests) {
                sum += Vectors.dot(candidate, interest);
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(CANDIDATES)
    public float scoreTouchingNext() {
        float sum = 0f;
        float touched = 0f;
        for (int c = 0; c < CANDIDATES; c++) {
            if (c + 1 < CANDIDATES) {
                float[] next = catalogue[candidates[c + 1]];
                touched += next[0] + next[DIMENSION / 3] + next[2 * DIMENSION / 3];
            }
            float[] candidate = catalogue[candidates[c]];
            for (float[] interest : interests) {
                sum += Vectors.dot(candidate, interest);
            }
        }
        return sum + 0f * touched;
    }
}
