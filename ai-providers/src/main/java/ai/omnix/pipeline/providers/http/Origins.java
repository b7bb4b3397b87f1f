package ai.omnix.pipeline.providers.http;

import java.net.URI;
import java.util.Locale;

/** URL checks every provider client needs: is it http(s), is it on the same origin as another. */
public final class Origins {
  private Origins() {}

  /** An absolute http or https URL with a host. */
  public static boolean isHttp(URI uri) {
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
      return false;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https");
  }

  /** Same scheme, host and port (the default port of the scheme when none is given). */
  public static boolean sameOrigin(URI a, URI b) {
    return isHttp(a)
        && isHttp(b)
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
