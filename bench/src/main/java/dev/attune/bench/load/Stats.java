package dev.attune.bench.load;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a sample (nearest rank), for the figures the harnesses print. */
public final class Stats {

    private final long[] sorted;

    public Stats(long[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    public int count() {
        return sorted.length;
    }

    /** The {@code p}-th percentile (0 < p <= 100), nearest rank; 0 for an empty sample. */
    public long percentile(double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public long max() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    public double mean() {
        return sorted.length == 0 ? 0 : Arrays.stream(sorted).average().orElse(0);
    }

    /** "n=… p50=… p95=… p99=… max=…" with a unit. */
    public String summary(String unit) {
        return String.format(Locale.ROOT, "n=%d p50=%d%s p95=%d%s p99=%d%s max=%d%s mean=%.1f%s", count(),
                percentile(50), unit, percentile(95), unit, percentile(99), unit, max(), unit, mean(), unit);
    }
}
