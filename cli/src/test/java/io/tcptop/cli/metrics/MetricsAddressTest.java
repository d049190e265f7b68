package io.tcptop.cli.metrics;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.error.UsageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --metrics ADDR:PORT: a port alone stays on the loopback address; addresses are literals, never looked up. */
class MetricsAddressTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "9464, 127.0.0.1:9464",
      "localhost:9464, 127.0.0.1:9464",
      "127.0.0.1:9100, 127.0.0.1:9100",
      "0.0.0.0:9464, 0.0.0.0:9464",
      "192.0.2.7:9464, 192.0.2.7:9464",
      "'[::1]:9464', '[0:0:0:0:0:0:0:1]:9464'",
      "'[::]:9464', '[0:0:0:0:0:0:0:0]:9464'",
  })
  void parses(String text, String expected) {
    assertEquals(expected, MetricsAddress.parse(text).toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "prometheus.example:9464 | 'prometheus.example' is not an IP address",
      "::1:9464 | write an IPv6 address in brackets",
      "127.0.0.1:0 | the port must be a number from 1 to 65535",
      "127.0.0.1: | the port must be a number from 1 to 65535",
      "http | the port must be a number from 1 to 65535",
  })
  void refuses(String text, String expected) {
    UsageException e = assertThrows(UsageException.class, () -> MetricsAddress.parse(text));
    assertTrue(e.getMessage().startsWith("--metrics " + text + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
