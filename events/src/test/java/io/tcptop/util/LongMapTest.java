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
}
