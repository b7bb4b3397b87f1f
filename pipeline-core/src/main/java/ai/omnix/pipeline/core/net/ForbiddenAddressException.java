package ai.omnix.pipeline.core.net;

import java.net.UnknownHostException;

/**
 * A host that resolves only to addresses the {@link OutboundAddressPolicy} refuses. An {@link
 * UnknownHostException}, so an HTTP client's resolver can throw it where a name does not resolve.
 */
public final class ForbiddenAddressException extends UnknownHostException {
  public ForbiddenAddressException(String host) {
    super(
        host
            + " resolves only to private, loopback or link-local addresses, which may not be reached");
  }
}
