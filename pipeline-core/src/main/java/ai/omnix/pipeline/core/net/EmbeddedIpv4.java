package ai.omnix.pipeline.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The IPv4 addresses an IPv6 address carries inside it, in the forms that reach those IPv4 hosts:
 * IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-translated ({@code ::ffff:0:a.b.c.d}), IPv4-compatible
 * ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::/96}), 6to4 ({@code 2002::/16}) and Teredo ({@code
 * 2001::/32}, server and client). A connection to such an address may end at the IPv4 host, so a
 * policy must judge that host.
 */
final class EmbeddedIpv4 {
  private EmbeddedIpv4() {}

  /** Empty when the address carries no IPv4 address. */
  static List<InetAddress> of(Inet6Address address) {
    byte[] b = address.getAddress();
    List<InetAddress> embedded = new ArrayList<>(2);
    if (zero(b, 0, 10) && (b[10] & b[11] & 0xff) == 0xff) {
      embedded.add(v4(b, 12, 0)); // IPv4-mapped
    } else if (zero(b, 0, 8) && (b[8] & b[9] & 0xff) == 0xff && zero(b, 10, 12)) {
      embedded.add(v4(b, 12, 0)); // IPv4-translated (SIIT)
    } else if (zero(b, 0, 12)) {
      embedded.add(v4(b, 12, 0)); // IPv4-compatible, :: and ::1 included (0.0.0.0/8 is refused)
    } else if (u16(b, 0) == 0x0064 && u16(b, 2) == 0xff9b && zero(b, 4, 12)) {
      embedded.add(v4(b, 12, 0)); // NAT64 well-known prefix
    } else if (u16(b, 0) == 0x2002) {
      embedded.add(v4(b, 2, 0)); // 6to4
    } else if (u16(b, 0) == 0x2001 && u16(b, 2) == 0x0000) {
      embedded.add(v4(b, 4, 0)); // Teredo server
      embedded.add(v4(b, 12, 0xff)); // Teredo client, stored inverted
    }
    return embedded;
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  private static InetAddress v4(byte[] b, int at, int flip) {
    byte[] v4 = new byte[4];
    for (int i = 0; i < 4; i++) {
      v4[i] = (byte) (b[at + i] ^ flip);
    }
    try {
      return Inet4Address.getByAddress(v4);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }
}
