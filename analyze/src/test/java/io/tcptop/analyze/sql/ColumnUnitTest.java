package io.tcptop.analyze.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The rule that decides, from a column's name, the unit a table shows its numbers in. */
class ColumnUnitTest {

  @Test
  void namesDecideTheUnit() {
    for (String n : new String[] {"bytes", "bytes_in", "BYTES_OUT", "bucket_bytes", "tick_in", "tick_out", "bucket_in", "sent_bytes"}) {
      assertEquals(ColumnUnit.SIZE, ColumnUnit.of(n), n);
    }
    for (String n : new String[] {"rate", "rate_in", "rate_out", "peak_rate", "avg_rate"}) {
      assertEquals(ColumnUnit.RATE, ColumnUnit.of(n), n);
    }
    for (String n : new String[] {"rtt_us", "rtt_min_us", "rtt_avg_us"}) {
      assertEquals(ColumnUnit.RTT, ColumnUnit.of(n), n);
    }
    for (String n : new String[] {"pid", "connections", "records", "lost", "lost_events", "tick_interval_ns", "local_port",
        "lifetime_s", "bytesy", "rtt"}) {
      assertEquals(ColumnUnit.NONE, ColumnUnit.of(n), n);
    }
  }

  @Test
  void numbersReadLikeReplaysTextView() {
    assertEquals("500B", ColumnUnit.SIZE.format("500"));
    assertEquals("2.0K", ColumnUnit.SIZE.format("2048"));
    assertEquals("18.7M", ColumnUnit.SIZE.format("19603200"));
    assertEquals("1.5KB/s", ColumnUnit.RATE.format("1536.0"));
    assertEquals("0B/s", ColumnUnit.RATE.format("0"));
    assertEquals("5.0ms", ColumnUnit.RTT.format("5000"));
    assertEquals("850us", ColumnUnit.RTT.format("850.4"));
    assertEquals("NaN", ColumnUnit.RATE.format("NaN"));
    assertEquals("123456789012345678901234567890", ColumnUnit.SIZE.format("123456789012345678901234567890"));
    assertEquals("42", ColumnUnit.NONE.format("42"));
  }
}
