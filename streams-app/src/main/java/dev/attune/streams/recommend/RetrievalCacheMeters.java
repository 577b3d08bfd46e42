package dev.attune.streams.recommend;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The instance's retrieval cache on /metrics, for sizing {@code refresh.cache.bytes}: {@code
 * attune_refresh_cache_heap_bytes}, the heap its hits hold now (estimated as it weighs them, {@link
 * RetrievalCache.Shared#bytes}), and {@code attune_refresh_cache_heap_max_bytes}, the setting. One cache serves every
 * task of the instance, so these are the instance's, not a task's; read them with the tasks' {@code
 * interest-searches} and {@code interest-reuses} ({@link dev.attune.streams.processor.RefreshMetrics}): a cache at its
 * bound whose reuses are few wants more bytes, one far below it fewer.
 */
public final class RetrievalCacheMeters {

    private RetrievalCacheMeters() {
    }

    public static void bind(MeterRegistry registry, RetrievalCache.Shared cache) {
        Gauge.builder("attune.refresh.cache.heap", cache, RetrievalCache.Shared::bytes).baseUnit("bytes")
                .description("Estimated heap held by the instance's cached vector-search hits").register(registry);
        Gauge.builder("attune.refresh.cache.heap.max", cache, RetrievalCache.Shared::maxBytes).baseUnit("bytes")
                .description("refresh.cache.bytes: the most heap the cached hits may hold").register(registry);
    }
}
