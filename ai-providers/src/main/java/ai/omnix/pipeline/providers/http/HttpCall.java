package ai.omnix.pipeline.providers.http;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One request to send with {@link ProviderHttp}: method, URL, headers, body, and its bounds. Build
 * it with {@link #get}, {@link #post} or {@link #put} and the {@code with…} methods; immutable.
 *
 * @param maxBytes the longest answer body read; reading past it fails with {@link
 *     BoundedInputStream.TooLargeException} ({@link ProviderHttp#json} calls that malformed). 1 MiB
 *     unless set: raise it for downloads and streams
 * @param idleTimeout the longest wait for more of the answer once it started; null for the
 *     transport's timeout
 * @param deadline how long the whole exchange may take, from sending to the last byte read,
 *     redirects included; null for the transport's default ({@link ProviderHttp.Builder#timeout}
 *     for {@link ProviderHttp#json}, {@link ProviderHttp.Builder#streamDeadline} otherwise)
 * @param maxRedirects redirects followed for a GET (each hop's address checked again, the
 *     credential sent only to its own origin, another origin only over https); 0 answers the 3xx
 */
public record HttpCall(
    String method,
    URI uri,
    Map<String, String> headers,
    byte[] body,
    String contentType,
    long maxBytes,
    Duration idleTimeout,
    Duration deadline,
    int maxRedirects) {

  public static final long DEFAULT_MAX_BYTES = 1 << 20;

  public HttpCall {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    if (!Origins.isHttp(uri)) {
      throw new IllegalArgumentException("not an absolute http(s) URL: " + uri);
    }
    headers = Map.copyOf(headers);
    if (maxBytes < 1 || maxRedirects < 0) {
      throw new IllegalArgumentException("maxBytes must be positive and maxRedirects not negative");
    }
  }

  public static HttpCall get(URI uri) {
    return new HttpCall("GET", uri, Map.of(), null, null, DEFAULT_MAX_BYTES, null, null, 0);
  }

  public static HttpCall post(URI uri, byte[] body, String contentType) {
    return new HttpCall(
        "POST",
        uri,
        Map.of(),
        Objects.requireNonNull(body, "body"),
        Objects.requireNonNull(contentType, "contentType"),
        DEFAULT_MAX_BYTES,
        null,
        null,
        0);
  }

  /** A PUT without a body. */
  public static HttpCall put(URI uri) {
    return new HttpCall("PUT", uri, Map.of(), null, null, DEFAULT_MAX_BYTES, null, null, 0);
  }

  public HttpCall withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new HttpCall(
        method, uri, more, body, contentType, maxBytes, idleTimeout, deadline, maxRedirects);
  }

  public HttpCall withMaxBytes(long max) {
    return new HttpCall(
        method, uri, headers, body, contentType, max, idleTimeout, deadline, maxRedirects);
  }

  public HttpCall withIdleTimeout(Duration idle) {
    return new HttpCall(
        method, uri, headers, body, contentType, maxBytes, idle, deadline, maxRedirects);
  }

  public HttpCall withDeadline(Duration whole) {
    return new HttpCall(
        method, uri, headers, body, contentType, maxBytes, idleTimeout, whole, maxRedirects);
  }

  public HttpCall withRedirects(int max) {
    return new HttpCall(
        method, uri, headers, body, contentType, maxBytes, idleTimeout, deadline, max);
  }

  /** Without the body: calls may be logged. */
  @Override
  public String toString() {
    return method + " " + uri;
  }
}
