package io.tcptop.util;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A long-keyed open-addressing map: lookups on the per-event path box nothing and allocate
 * nothing. Grows with the number of live keys; removal uses backward-shift deletion so no
 * tombstones accumulate.
 */
public final class LongMap<V> {
  private long[] keys;
  private Object[] values;
  private int size;
  private int mask;

  public LongMap() {
    this(16);
  }

  public LongMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new Object[cap];
    mask = cap - 1;
  }

  public int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  public V get(long key) {
    int i = slot(key);
    while (true) {
      Object v = values[i];
      if (v == null) {
        return null;
      }
      if (keys[i] == key) {
        return (V) v;
      }
      i = (i + 1) & mask;
    }
  }

  /** Puts a non-null value; returns the previous one or null. */
  @SuppressWarnings("unchecked")
  public V put(long key, V value) {
    if (value == null) {
      throw new IllegalArgumentException("null value");
    }
    int i = slot(key);
    while (true) {
      Object v = values[i];
      if (v == null) {
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > values.length) {
          grow();
        }
        return null;
      }
      if (keys[i] == key) {
        values[i] = value;
        return (V) v;
      }
      i = (i + 1) & mask;
    }
  }

  @SuppressWarnings("unchecked")
  public V remove(long key) {
    int i = slot(key);
    while (true) {
      Object v = values[i];
      if (v == null) {
        return null;
      }
      if (keys[i] == key) {
        shiftBack(i);
        size--;
        return (V) v;
      }
      i = (i + 1) & mask;
    }
  }

  @SuppressWarnings("unchecked")
  public void forEachValue(Consumer<? super V> action) {
    for (Object v : values) {
      if (v != null) {
        action.accept((V) v);
      }
    }
  }

  /** Every key with its value, in table order. */
  public void forEachKeyValue(java.util.function.ObjLongConsumer<? super V> action) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        @SuppressWarnings("unchecked") V v = (V) values[i];
        action.accept(v, keys[i]);
      }
    }
  }

  /**
   * A copy laid out exactly as this map is, so that it iterates in the same order, with each value
   * replaced by what {@code copy} makes of it (non-null).
   */
  public <W> LongMap<W> copy(Function<? super V, ? extends W> copy) {
    LongMap<W> m = new LongMap<>(4);
    m.keys = keys.clone();
    m.values = new Object[values.length];
    m.size = size;
    m.mask = mask;
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        @SuppressWarnings("unchecked") V v = (V) values[i];
        m.values[i] = copy.apply(v);
      }
    }
    return m;
  }

  /** The slots of the table: what the map's memory grows with (each holds a key and a reference). */
  public int capacity() {
    return values.length;
  }

  public void clear() {
    Arrays.fill(values, null);
    size = 0;
  }

  private void shiftBack(int hole) {
    int i = hole;
    while (true) {
      i = (i + 1) & mask;
      Object v = values[i];
      if (v == null) {
        values[hole] = null;
        return;
      }
      int home = slot(keys[i]);
      // Move the entry into the hole unless its home lies cyclically in (hole, i].
      boolean homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (!homeBetween) {
        keys[hole] = keys[i];
        values[hole] = v;
        hole = i;
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        @SuppressWarnings("unchecked") V v = (V) oldValues[i];
        put(oldKeys[i], v);
      }
    }
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
