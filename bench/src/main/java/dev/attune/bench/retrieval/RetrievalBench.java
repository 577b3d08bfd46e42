package dev.attune.bench.retrieval;

import dev.attune.bench.load.BenchConfig;
import dev.attune.bench.load.ItemSpace;
import dev.attune.bench.load.Workload;
import dev.attune.streams.catalogue.VectorIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * ANN recall@N of the streams app's own {@link VectorIndex} (Lucene HNSW) against exact search,
 * and its speed-up, at each catalogue size. Queries are interest-like vectors (near a cluster
 * centre, as a centroid of clicked items is); for each, the index is asked for F candidates
 * (F = N, then over-fetching) and its top N compared with the exact top N.
 * {@code java ... RetrievalBench [bench.retrieval.sizes=10000,100000] [bench.retrieval.queries=500] ...}
 */
public final class RetrievalBench {

    private RetrievalBench() {
    }

    /** One line of the report. */
    record Row(int items, int fetch, double recall, double annMicros, double exactMicros) {
        double speedUp() {
            return exactMicros / annMicros;
        }
    }

    public static void main(String[] args) {
        BenchConfig config = BenchConfig.load(System.getenv(), args);
        ItemSpace space = Workload.itemSpace(config);
        int k = config.getInt(BenchConfig.RETRIEVAL_K);
        List<Row> rows = new ArrayList<>();
        for (int n : config.ints(BenchConfig.RETRIEVAL_SIZES)) {
            rows.addAll(measure(space, n, config.getInt(BenchConfig.RETRIEVAL_QUERIES), k,
                    config.ints(BenchConfig.RETRIEVAL_FETCH), config.getLong(BenchConfig.SEED)));
        }
        System.out.printf(Locale.ROOT, "%n| Items | Asked (F) | Recall@%d | ANN µs/query | Exact µs/query | Speed-up |%n", k);
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %,d | %d | %.3f | %.0f | %.0f | %.1f× |%n", r.items(), r.fetch(), r.recall(),
                    r.annMicros(), r.exactMicros(), r.speedUp());
        }
    }

    static List<Row> measure(ItemSpace space, int n, int queryCount, int k, List<Integer> fetches, long seed) {
        float[][] vectors = new float[n][];
        long t0 = System.nanoTime();
        try (VectorIndex index = new VectorIndex(space.dimension())) {
            for (int i = 0; i < n; i++) {
                vectors[i] = space.item(i);
                index.upsert(Integer.toString(i), vectors[i]);
            }
            index.search(vectors[0], 1); // opens the near-real-time reader (flushes the indexing buffer)
            System.out.printf(Locale.ROOT, "items=%d: index built in %.1f s, %d segment(s)%n", n,
                    (System.nanoTime() - t0) / 1e9, index.segments());
            // Timed as a running app searches it: after the background merge into one segment (one graph).
            long m0 = System.nanoTime();
            while (index.segments() > 1) {
                index.search(vectors[0], 1); // a search starts the merge and picks up its result
                LockSupport.parkNanos(100_000_000L);
            }
            System.out.printf(Locale.ROOT, "items=%d: merged into one segment in %.1f s%n", n, (System.nanoTime() - m0) / 1e9);
            SplittableRandom random = new SplittableRandom(seed + n);
            float[][] queries = new float[queryCount][];
            for (int q = 0; q < queryCount; q++) {
                queries[q] = space.facet(random.nextInt(space.clusters()), random);
            }
            ExactSearch exact = new ExactSearch(vectors);
            int[][] truth = new int[queryCount][];
            // Warm-up of both paths (JIT) before anything is timed.
            for (int q = 0; q < Math.min(queryCount, 100); q++) {
                exact.top(queries[q], k);
                index.search(queries[q], fetches.get(fetches.size() - 1));
            }
            long e0 = System.nanoTime();
            for (int q = 0; q < queryCount; q++) {
                truth[q] = exact.top(queries[q], k);
            }
            double exactMicros = (System.nanoTime() - e0) / 1e3 / queryCount;
            List<Row> rows = new ArrayList<>();
            for (int fetch : fetches) {
                if (fetch < k) {
                    continue;
                }
                double recallSum = 0;
                long a0 = System.nanoTime();
                List<List<VectorIndex.Hit>> answers = new ArrayList<>(queryCount);
                for (int q = 0; q < queryCount; q++) {
                    answers.add(index.search(queries[q], fetch));
                }
                double annMicros = (System.nanoTime() - a0) / 1e3 / queryCount;
                for (int q = 0; q < queryCount; q++) {
                    recallSum += recall(answers.get(q), truth[q], k);
                }
                Row row = new Row(n, fetch, recallSum / queryCount, annMicros, exactMicros);
                System.out.printf(Locale.ROOT, "items=%d fetch=%d recall@%d=%.3f ann=%.0fµs exact=%.0fµs speed-up=%.1f×%n",
                        n, fetch, k, row.recall(), annMicros, exactMicros, row.speedUp());
                rows.add(row);
            }
            return rows;
        }
    }

    /** Share of the exact top k found among the first k answers. */
    static double recall(List<VectorIndex.Hit> answer, int[] truth, int k) {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < Math.min(k, truth.length); i++) {
            expected.add(Integer.toString(truth[i]));
        }
        int found = 0;
        for (int i = 0; i < Math.min(k, answer.size()); i++) {
            if (expected.contains(answer.get(i).id())) {
                found++;
            }
        }
        return expected.isEmpty() ? 1 : (double) found / expected.size();
    }
}
