package io.tcptop.util;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMapTest {
  @Test
  void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
    LongMap<Integer> m = new LongMap<>();
    Map<Long, Integer> ref = new HashMap<>();
    Random r = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      long k = r.nextInt(5000) - 2500 + (r.nextBoolean() ? 0 : 1L << 40);
      if (r.nextBoolean()) {
        assertEquals(ref.put(k, i), m.put(k, i));
      } else {
        assertEquals(ref.remove(k), m.remove(k));
      }
      assertEquals(ref.size(), m.size());
    }
    for (long k : ref.keySet()) {
      assertEquals(ref.get(k), m.get(k));
    }
  }

  @Test
  void aCopyIteratesInTheSameOrderAndGoesItsOwnWay() {
    LongMap<Integer> m = new LongMap<>();
    Random r = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      long k = r.nextInt(3000);
      if (r.nextInt(3) == 0) {
        m.remove(k);
      } else {
        m.put(k, i);
      }
    }
    LongMap<String> copy = m.copy(v -> "v" + v);
    java.util.List<String> order = new java.util.ArrayList<>();
    m.forEachValue(v -> order.add("v" + v));
    java.util.List<String> copied = new java.util.ArrayList<>();
    copy.forEachValue(copied::add);
    assertEquals(order, copied);
    assertEquals(m.size(), copy.size());

    copy.put(5000, "new");
    copy.remove(copy.size() > 0 ? firstKey(m) : 0);
    assertNull(m.get(5000));
    assertEquals(order.size(), m.size());
    java.util.List<String> again = new java.util.ArrayList<>();
    m.forEachValue(v -> again.add("v" + v));
    assertEquals(order, again, "the original is untouched by changes to its copy");
  }

  private static long firstKey(LongMap<Integer> m) {
    for (long k = 0; ; k++) {
      if (m.get(k) != null) {
        return k;
      }
    }
  }
}
