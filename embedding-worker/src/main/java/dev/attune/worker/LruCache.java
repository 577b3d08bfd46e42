package dev.attune.worker;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded map that forgets the least recently used entry; capacity 0 keeps nothing. Not thread-safe. */
final class LruCache<K, V> {

    private final int capacity;
    private final LinkedHashMap<K, V> map;

    LruCache(int capacity) {
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > LruCache.this.capacity;
            }
        };
    }

    V get(K key) {
        return map.get(key);
    }

    boolean contains(K key) {
        return map.containsKey(key);
    }

    void put(K key, V value) {
        if (capacity > 0) {
            map.put(key, value);
        }
    }

    int size() {
        return map.size();
    }
}
