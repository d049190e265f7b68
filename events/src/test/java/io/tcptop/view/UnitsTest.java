package io.tcptop.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void sizesUseBinaryUnitsWithOneDecimal() {
    assertEquals("0B", Units.size(0));
    assertEquals("500B", Units.size(500));
    assertEquals("1023B", Units.size(1023));
    assertEquals("1.0K", Units.size(1024));
    assertEquals("2.0K", Units.size(2048));
    assertEquals("1.5M", Units.size(1536 * 1024));
    assertEquals("1.0M", Units.size(1024 * 1024 - 10));
    assertEquals("3.0G", Units.size(3L << 30));
  }

  @Test
  void ratesAreBytesPerSecond() {
    assertEquals("0B/s", Units.rate(0));
    assertEquals("78B/s", Units.rate(78.4));
    assertEquals("1.5KB/s", Units.rate(1536));
    assertEquals("17.9MB/s", Units.rate(18_724_571));
  }

  @Test
  void rttPicksMicrosMillisOrSeconds() {
    assertEquals("-", Units.rtt(-1));
    assertEquals("850us", Units.rtt(850));
    assertEquals("5.0ms", Units.rtt(5000));
    assertEquals("12.3ms", Units.rtt(12_345));
    assertEquals("1.2s", Units.rtt(1_200_000));
  }

  @Test
  void timestampsAreUtcWithNanoseconds() {
    assertEquals("2026-11-20T10:00:00.000000001Z", Timestamps.UTC.iso(1_795_168_800_000_000_001L));
    assertEquals("10:00:00.000", Timestamps.UTC.clock(1_795_168_800_000_000_001L));
  }

  @Test
  void csvQuotesOnlyWhatNeedsIt() {
    assertEquals("curl", Escapes.csv("curl"));
    assertEquals("\"a,b\"", Escapes.csv("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", Escapes.csv("say \"hi\""));
  }
}
