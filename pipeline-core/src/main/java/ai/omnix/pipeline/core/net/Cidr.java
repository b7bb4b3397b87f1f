package ai.omnix.pipeline.core.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 address block, such as {@code 127.0.0.0/8} or {@code fc00::/7}. */
public record Cidr(byte[] network, int prefixLength) {

  public static Cidr parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    if (!address.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException("not an IP address block: " + text);
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address block: " + text, e);
    }
    int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
    if (prefix < 0 || prefix > bytes.length * 8) {
      throw new IllegalArgumentException("bad prefix length in " + text);
    }
    return new Cidr(bytes, prefix);
  }

  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.length) {
      return false;
    }
    int bits = network.length * 8;
    BigInteger mask =
        BigInteger.ONE
            .shiftLeft(bits)
            .subtract(BigInteger.ONE)
            .shiftRight(prefixLength)
            .not()
            .and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
    return new BigInteger(1, candidate).and(mask).equals(new BigInteger(1, network).and(mask));
  }
}
