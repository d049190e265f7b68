package io.tcptop.util;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntMapTest {
  @Test
  void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
    IntMap<Integer> m = new IntMap<>();
    Map<Integer, Integer> ref = new HashMap<>();
    Random r = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      int k = r.nextInt(5000) - 2500;
      if (r.nextBoolean()) {
        assertEquals(ref.put(k, i), m.put(k, i));
      } else {
        assertEquals(ref.remove(k), m.remove(k));
      }
      assertEquals(ref.size(), m.size());
    }
    for (int k = -2500; k < 2500; k++) {
      assertEquals(ref.get(k), m.get(k));
    }
  }
}
