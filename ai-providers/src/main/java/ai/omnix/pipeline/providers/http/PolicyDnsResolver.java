package ai.omnix.pipeline.providers.http;

import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/** Connects only to addresses the policy permits: the check holds on what is connected to. */
record PolicyDnsResolver(OutboundAddressPolicy policy) implements DnsResolver {
  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    return policy.permittedAddresses(host);
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
  }
}
