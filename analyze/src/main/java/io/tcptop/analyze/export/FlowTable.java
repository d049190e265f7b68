package io.tcptop.analyze.export;

import io.tcptop.util.LongMap;

/**
 * Per-flow state by flow id, for lookups on every record. The recorder numbers flows from 1
 * upwards, so ids index an array; an id outside it (possible in a journal from elsewhere) falls
 * back to a map.
 */
final class FlowTable<V> {
  private static final int MAX_DENSE = 1 << 22;

  private Object[] dense = new Object[1024];
  private final LongMap<V> sparse = new LongMap<>(16);

  @SuppressWarnings("unchecked")
  V get(int id) {
    if (id >= 0 && id < dense.length) {
      return (V) dense[id];
    }
    return id >= 0 && id < MAX_DENSE ? null : sparse.get(id);
  }

  void put(int id, V value) {
    if (id >= 0 && id < MAX_DENSE) {
      if (id >= dense.length) {
        dense = java.util.Arrays.copyOf(dense, Math.min(MAX_DENSE, Math.max(id + 1, dense.length * 2)));
      }
      dense[id] = value;
    } else {
      sparse.put(id, value);
    }
  }
}
