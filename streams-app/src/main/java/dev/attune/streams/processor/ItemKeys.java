package dev.attune.streams.processor;

import dev.attune.streams.model.SeenFilter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Item ids numbered 0, 1, 2, ... in the order first met: the co-occurrence store's rows hold these keys instead of
 * ids, and a refresh sums rows into arrays indexed by them. A refresh reads up to {@code cooccurrence.window} rows of
 * up to {@code cooccurrence.top.k} entries; with an id per entry, each became a {@code String}, was hashed and
 * looked up in a hash map or two (keys, with the rows kept decoded, took an aged state's refresh to 0.80 of its
 * CPU, bench/RESULTS.md 2026-12-01 afternoon). Keys never change meaning and are never reused; the table grows with
 * the distinct items of one task's rows (bounded by the catalogue; about 130 bytes an item, each id's
 * {@link SeenFilter#hash} among them). One task's store, one thread: not thread-safe.
 *
 * <p>Looked up by the id's UTF-8 bytes, as rows store them, so reading a row makes no string for an item already
 * known: an open-addressing table of key + 1 (0: empty), probed linearly.
 */
final class ItemKeys {

    private int[] table = new int[1024];
    private byte[][] utf8 = new byte[256][];
    private String[] ids = new String[256];
    private int[] hashes = new int[256];
    private long[] seenHashes = new long[256];
    private int size;

    /** Items numbered so far: every key is below this. */
    int size() {
        return size;
    }

    /** The id of {@code key}. */
    String id(int key) {
        return ids[key];
    }

    /** {@link SeenFilter#hash} of the id of {@code key}, computed once. */
    long seenHash(int key) {
        return seenHashes[key];
    }

    /** The id of {@code key} as UTF-8 (not to be modified). */
    byte[] utf8(int key) {
        return utf8[key];
    }

    int keyOf(String id) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        return keyOf(bytes, 0, bytes.length);
    }

    /** The key of the id in {@code bytes[offset, offset + length)}, numbering it when it is new. */
    int keyOf(byte[] bytes, int offset, int length) {
        int hash = hash(bytes, offset, length);
        int mask = table.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            int key = table[i] - 1;
            if (key < 0) {
                return add(Arrays.copyOfRange(bytes, offset, offset + length), hash, i);
            }
            if (hashes[key] == hash && Arrays.equals(utf8[key], 0, utf8[key].length, bytes, offset, offset + length)) {
                return key;
            }
        }
    }

    private int add(byte[] id, int hash, int slot) {
        if (size == ids.length) {
            int capacity = 2 * size;
            utf8 = Arrays.copyOf(utf8, capacity);
            ids = Arrays.copyOf(ids, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
            seenHashes = Arrays.copyOf(seenHashes, capacity);
        }
        int key = size++;
        utf8[key] = id;
        ids[key] = new String(id, StandardCharsets.UTF_8);
        hashes[key] = hash;
        seenHashes[key] = SeenFilter.hash(ids[key]);
        table[slot] = key + 1;
        if (2 * size > table.length) {
            rehash(2 * table.length);
        }
        return key;
    }

    private void rehash(int length) {
        table = new int[length];
        int mask = length - 1;
        for (int key = 0; key < size; key++) {
            int i = hashes[key] & mask;
            while (table[i] != 0) {
                i = (i + 1) & mask;
            }
            table[i] = key + 1;
        }
    }

    /** 31-polynomial of the bytes, its bits mixed (MurmurHash3's finaliser) so that the table's low bits spread. */
    private static int hash(byte[] bytes, int offset, int length) {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + bytes[i];
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
