package dev.attune.streams.config;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store in this JVM, following the Kafka Streams memory
 * management guide: one LRU block cache shared by all stores, index and filter blocks charged to
 * it, and memtables charged to it through one write-buffer manager. Without this, each store
 * (and each segment and partition) grows its own memtables and caches and RSS is unbounded.
 * Sizes come from {@link StreamsAppConfig#ROCKSDB_BLOCK_CACHE_BYTES} and
 * {@link StreamsAppConfig#ROCKSDB_WRITE_BUFFER_BYTES}; the first store opened fixes them.
 */
public final class BoundedMemoryRocksDbConfig implements RocksDBConfigSetter {

    private static final double HIGH_PRIORITY_POOL_RATIO = 0.1;
    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        ensureShared(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the manager are shared by every store of the JVM: closing them here would break the others.
    }

    private static synchronized void ensureShared(Map<String, Object> configs) {
        if (cache == null) {
            long cacheBytes = bytes(configs, StreamsAppConfig.ROCKSDB_BLOCK_CACHE_BYTES,
                    StreamsAppConfig.DEFAULT_ROCKSDB_BLOCK_CACHE_BYTES);
            long writeBufferBytes = bytes(configs, StreamsAppConfig.ROCKSDB_WRITE_BUFFER_BYTES,
                    StreamsAppConfig.DEFAULT_ROCKSDB_WRITE_BUFFER_BYTES);
            cache = new LRUCache(cacheBytes, -1, false, HIGH_PRIORITY_POOL_RATIO);
            writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
        }
    }

    private static long bytes(Map<String, Object> configs, String key, long fallback) {
        Object value = configs.get(key);
        return value == null ? fallback : Long.parseLong(value.toString());
    }
}
