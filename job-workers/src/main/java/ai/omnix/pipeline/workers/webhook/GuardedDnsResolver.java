package ai.omnix.pipeline.workers.webhook;

import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves names for outbound connections and drops every address the policy forbids. The HTTP
 * client connects only to addresses this resolver returns, so the check holds at connect time,
 * whatever the name resolved to when the URL was accepted (DNS rebinding).
 */
final class GuardedDnsResolver implements DnsResolver {
  private final OutboundAddressPolicy policy;

  GuardedDnsResolver(OutboundAddressPolicy policy) {
    this.policy = policy;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] all = SystemDefaultDnsResolver.INSTANCE.resolve(host);
    InetAddress[] permitted =
        Arrays.stream(all).filter(policy::permits).toArray(InetAddress[]::new);
    if (permitted.length == 0) {
      throw new ForbiddenAddressException(host);
    }
    return permitted;
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
  }

  static final class ForbiddenAddressException extends UnknownHostException {
    ForbiddenAddressException(String host) {
      super(
          host
              + " resolves only to private, loopback or link-local addresses, which webhooks may not reach");
    }
  }
}
