package ai.omnix.pipeline.core.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides which addresses the pipeline may connect to on a tenant's behalf (webhooks,
 * fetch-from-URL). Loopback, private, link-local (cloud metadata), carrier-grade NAT, unique-local,
 * multicast and unspecified addresses are refused unless an allow-list block contains them. Apply
 * it to the resolved address at connect time: checking the name alone is defeated by DNS rebinding.
 * Immutable and thread-safe.
 */
public final class OutboundAddressPolicy {
  private static final List<Cidr> FORBIDDEN =
      List.of(
          Cidr.parse("0.0.0.0/8"),
          Cidr.parse("10.0.0.0/8"),
          Cidr.parse("100.64.0.0/10"),
          Cidr.parse("127.0.0.0/8"),
          Cidr.parse("169.254.0.0/16"),
          Cidr.parse("172.16.0.0/12"),
          Cidr.parse("192.0.0.0/24"),
          Cidr.parse("192.168.0.0/16"),
          Cidr.parse("198.18.0.0/15"),
          Cidr.parse("224.0.0.0/3"),
          Cidr.parse("::/128"),
          Cidr.parse("::1/128"),
          Cidr.parse("fc00::/7"),
          Cidr.parse("fe80::/10"),
          Cidr.parse("ff00::/8"));
  private static final Cidr NAT64_LOCAL_USE = Cidr.parse("64:ff9b:1::/48");

  private final List<Cidr> allowed;

  public OutboundAddressPolicy(List<Cidr> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  public static OutboundAddressPolicy strict() {
    return new OutboundAddressPolicy(List.of());
  }

  /**
   * Whether a connection to the address is allowed. An IPv6 address that carries an IPv4 address
   * (mapped, compatible, NAT64, 6to4, Teredo) is judged by the IPv4 address it leads to.
   */
  public boolean permits(InetAddress address) {
    for (Cidr cidr : allowed) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    if (address instanceof Inet6Address v6) {
      if (NAT64_LOCAL_USE.contains(v6)) {
        // where the IPv4 address sits depends on the network's own prefix length: refuse the block
        return false;
      }
      List<InetAddress> embedded = EmbeddedIpv4.of(v6);
      if (!embedded.isEmpty()) {
        return embedded.stream().allMatch(this::permits);
      }
    }
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    for (Cidr cidr : FORBIDDEN) {
      if (cidr.contains(address)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Resolves {@code host} for a connection and keeps only the addresses this policy permits. A
   * client that connects only to what this returns applies the policy at connect time, whatever the
   * name resolved to when its URL was accepted (DNS rebinding).
   *
   * @throws ForbiddenAddressException when the host resolves only to refused addresses
   * @throws UnknownHostException when it does not resolve
   */
  public InetAddress[] permittedAddresses(String host) throws UnknownHostException {
    InetAddress[] permitted =
        Arrays.stream(InetAddress.getAllByName(host))
            .filter(this::permits)
            .toArray(InetAddress[]::new);
    if (permitted.length == 0) {
      throw new ForbiddenAddressException(host);
    }
    return permitted;
  }

  /**
   * Checks a URL a tenant gave us before accepting it: scheme http(s), a host, no credentials, and,
   * when the host is an IP literal or a local name, an address this policy permits. Names are
   * checked again at connect time.
   *
   * @return the reason the URL is refused, or empty when it is acceptable
   */
  public Optional<String> checkUrl(String url) {
    if (url == null || url.isBlank() || url.length() > 2048) {
      return Optional.of("must be an http or https URL of at most 2048 characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      return Optional.of("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("must use http or https");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("must not contain credentials");
    }
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      return Optional.of("must name a host");
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String lower = bare.toLowerCase(Locale.ROOT);
    if (bare.matches("[0-9.]+") || bare.contains(":")) {
      try {
        if (!permits(InetAddress.getByName(bare))) {
          return Optional.of("points to a private, loopback or link-local address");
        }
      } catch (UnknownHostException e) {
        return Optional.of("has an invalid IP address");
      }
    } else if ((lower.equals("localhost")
            || lower.endsWith(".localhost")
            || lower.endsWith(".internal")
            || lower.endsWith(".local"))
        && !permitsLoopbackName()) {
      return Optional.of("points to a local host name");
    }
    return Optional.empty();
  }

  private boolean permitsLoopbackName() {
    try {
      return permits(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
