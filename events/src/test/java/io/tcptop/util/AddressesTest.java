package io.tcptop.util;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class AddressesTest {
  @Test
  void ipv6IsCompressedAsRfc5952Says() {
    for (String s : new String[] {"::1", "::", "2001:db8::1", "2001:db8:0:1::10", "2001:db8::1:0:0:1", "fe80::1:2", "1:0:0:2::3", "::ffff:127.0.0.1"}) {
      assertEquals(s, Addresses.format(Addresses.parse(s, 6), 6));
    }
  }

  @Test
  void ipv4RoundTrips() {
    assertEquals("192.168.255.1", Addresses.format(Addresses.parse("192.168.255.1", 4), 4));
  }

  @Test
  void hostNamesAreRefusedNotLookedUp() {
    assertThrows(IllegalArgumentException.class, () -> Addresses.parse("example.com", 4));
  }

  @Test
  void endpointsBracketIpv6() {
    assertEquals("[::1]:80", Addresses.endpoint("::1", 80));
    assertEquals("1.2.3.4:80", Addresses.endpoint("1.2.3.4", 80));
  }
}
