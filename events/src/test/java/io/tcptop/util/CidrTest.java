package io.tcptop.util;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.error.UsageException;
import org.junit.jupiter.api.Test;

class CidrTest {
  @Test
  void ipv4BlocksMatchTheirAddressesAndTheirV4MappedForms() {
    Cidr c = Cidr.parse("10.1.0.0/16");
    assertTrue(c.contains("10.1.255.3", 4));
    assertFalse(c.contains("10.2.0.1", 4));
    assertTrue(c.contains("::ffff:10.1.2.3", 6));
    assertFalse(c.contains("::1", 6));
    assertTrue(Cidr.parse("192.0.2.7").contains("192.0.2.7", 4));
    assertFalse(Cidr.parse("192.0.2.7").contains("192.0.2.8", 4));
    assertTrue(Cidr.parse("10.0.0.0/7").contains("11.9.9.9", 4));
    assertTrue(Cidr.parse("0.0.0.0/0").contains("203.0.113.1", 4));
  }

  @Test
  void ipv6BlocksMatchIpv6AddressesOnly() {
    Cidr c = Cidr.parse("2001:db8::/32");
    assertTrue(c.contains("2001:db8:1::5", 6));
    assertFalse(c.contains("2001:db9::5", 6));
    assertFalse(c.contains("10.0.0.1", 4));
  }

  @Test
  void badBlocksAreUsageErrors() {
    for (String bad : new String[] {"10.0.0.0/33", "fe80::/129", "10.0.0.0/x", "example.com", "10.0.0.0/-1"}) {
      var e = assertThrows(UsageException.class, () -> Cidr.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("'" + bad + "' is not an address block"), e.getMessage());
    }
  }
}
