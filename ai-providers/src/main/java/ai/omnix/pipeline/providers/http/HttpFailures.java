package ai.omnix.pipeline.providers.http;

import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Maps HTTP answers and I/O failures of provider APIs to {@link ProviderException}s, the same way
 * for all.
 */
public final class HttpFailures {
  private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private HttpFailures() {}

  /**
   * Classifies a non-2xx answer.
   *
   * @param contentPolicy whether the provider's body says the request broke its content policy
   *     (each provider spells it differently)
   * @param retryAfterHeader the {@code Retry-After} header, or null
   * @param excerpt a short part of the body for the operators' log, or null
   */
  public static ProviderException forStatus(
      String provider,
      int status,
      boolean contentPolicy,
      String retryAfterHeader,
      String excerpt,
      Clock clock) {
    Kind kind;
    if (contentPolicy) {
      kind = Kind.CONTENT_POLICY;
    } else if (status == 429) {
      kind = Kind.RATE_LIMITED;
    } else if (status == 401 || status == 403) {
      kind = Kind.UNAUTHORIZED;
    } else if (status == 408 || status == 504) {
      kind = Kind.TIMEOUT;
    } else if (status >= 500) {
      kind = Kind.UNAVAILABLE;
    } else {
      kind = Kind.INVALID_REQUEST;
    }
    return new ProviderException(
        kind,
        status,
        retryAfter(retryAfterHeader, clock),
        provider + " answered HTTP " + status + (excerpt == null ? "" : ": " + excerpt),
        null);
  }

  /** Classifies a call that got no HTTP answer. */
  public static ProviderException forIo(String provider, IOException e) {
    boolean timeout =
        e instanceof HttpTimeoutException
            || e instanceof java.net.SocketTimeoutException
            || e instanceof java.io.InterruptedIOException;
    return new ProviderException(
        timeout ? Kind.TIMEOUT : Kind.UNAVAILABLE,
        0,
        null,
        provider + " call failed: " + e.getClass().getSimpleName(),
        e);
  }

  public static ProviderException malformed(String provider, String what) {
    return new ProviderException(
        Kind.MALFORMED_RESPONSE, 200, provider + " sent a malformed answer: " + what);
  }

  /**
   * {@code Retry-After} as delay-seconds or an HTTP date; null when absent or unreadable. Capped at
   * an hour.
   */
  public static Duration retryAfter(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    Duration delay;
    try {
      delay = Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException notSeconds) {
      try {
        delay =
            Duration.between(
                clock.instant(),
                ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
    if (delay.isNegative()) {
      return Duration.ZERO;
    }
    return delay.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : delay;
  }

  /** The first characters of a body, on one line, for a log. */
  public static String excerpt(String body) {
    if (body == null) {
      return null;
    }
    String line = body.replaceAll("\\s+", " ").trim();
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
