package ai.omnix.pipeline.providers.http;

import java.net.URI;
import java.util.Objects;

/**
 * A provider's key as the header that carries it, bound to the one origin it may be sent to. {@link
 * ProviderHttp} adds it to calls to that origin only (never to a host an answer or a redirect
 * names), and takes its value out of every error text. {@link #toString} never shows the value.
 *
 * @param origin scheme, host and port the key belongs to (path ignored)
 * @param header such as {@code Authorization} or {@code x-goog-api-key}
 * @param value the header's whole value, such as {@code Key …} or {@code Bearer …}
 * @param secret the part of {@code value} that must never be logged (the key itself)
 */
public record Credential(URI origin, String header, String value, String secret) {
  public Credential {
    if (!Origins.isHttp(origin)) {
      throw new IllegalArgumentException("a credential's origin is an http(s) URL: " + origin);
    }
    Objects.requireNonNull(header, "header");
    if (value == null || secret == null || secret.isBlank() || !value.contains(secret)) {
      throw new IllegalArgumentException("a credential needs a key");
    }
  }

  /** A header whose whole value is the key. */
  public static Credential header(URI origin, String header, String key) {
    return new Credential(origin, header, key, key);
  }

  /**
   * The key of a provider's API at {@code baseUrl}, sent as {@code header: prefix + key}; fails
   * with a message for operators when the URL is not absolute http(s) or the key is missing.
   */
  public static Credential forApi(
      String provider, URI baseUrl, String header, String prefix, String key) {
    if (!Origins.isHttp(baseUrl)) {
      throw new IllegalArgumentException(
          provider + " base URL must be an absolute http(s) URL, got " + baseUrl);
    }
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(
          provider
              + " API key is missing: set omnix.generation.providers."
              + provider
              + ".api-key");
    }
    return new Credential(baseUrl, header, prefix + key, key);
  }

  boolean appliesTo(URI target) {
    return Origins.sameOrigin(origin, target);
  }

  @Override
  public String toString() {
    return "Credential["
        + header
        + " for "
        + origin.getScheme()
        + "://"
        + origin.getAuthority()
        + "]";
  }
}
