package org.feuerbird.kernel.mem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A hash map from long keys (virtual page numbers) to objects, open addressing with linear
 * probing: no boxing and no entry objects on the binding path, which runs on every map and
 * unmap. Deletion shifts the following run back, so no tombstones accumulate.
 */
final class LongMap<V> {
    private long[] keys = new long[16];
    private Object[] values = new Object[16];
    private int size;

    int size() { return size; }

    private int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) return (V) values[i];
        }
        return null;
    }

    /** Puts a value (never null); returns the one it replaced, or null. */
    @SuppressWarnings("unchecked")
    V put(long key, V value) {
        if (2 * (size + 1) > keys.length) grow();
        int mask = keys.length - 1;
        int i = slot(key, mask);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return null;
    }

    @SuppressWarnings("unchecked")
    V remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) break;
        }
        if (values[i] == null) return null;
        V old = (V) values[i];
        values[i] = null;
        size--;
        // Move back later members of the probe run that could not sit past the new hole.
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            boolean between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!between) {
                keys[i] = keys[j];
                values[i] = values[j];
                values[j] = null;
                i = j;
            }
        }
        return old;
    }

    @SuppressWarnings("unchecked")
    List<V> values() {
        List<V> out = new ArrayList<>(size);
        for (Object v : values) if (v != null) out.add((V) v);
        return out;
    }

    void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        long[] k = keys;
        Object[] v = values;
        keys = new long[k.length * 2];
        values = new Object[v.length * 2];
        size = 0;
        for (int i = 0; i < k.length; i++) if (v[i] != null) put(k[i], (V) v[i]);
    }
}
