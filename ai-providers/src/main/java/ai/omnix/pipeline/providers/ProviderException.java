package ai.omnix.pipeline.providers;

import java.time.Duration;
import java.util.Objects;

/**
 * A provider call that did not succeed, classified so the router knows whether another provider may
 * succeed where this one failed. The message is for operators' logs: it may quote a short, trimmed
 * excerpt of the provider's error but never an API key, and it is never shown to tenants (they get
 * a message chosen by {@link Kind}).
 */
public class ProviderException extends Exception {
  private static final int MAX_MESSAGE = 300;

  public enum Kind {
    /** 429: too many requests. Fail over; the provider may say when to come back. */
    RATE_LIMITED(true, "provider_rate_limited"),
    /** 5xx, connection refused or reset. Fail over. */
    UNAVAILABLE(true, "provider_unavailable"),
    /** No answer within the timeout. Fail over. */
    TIMEOUT(true, "provider_timeout"),
    /** A 2xx the client cannot understand. Fail over: another provider may answer properly. */
    MALFORMED_RESPONSE(true, "provider_malformed_response"),
    /** 400 and 422: the request itself is wrong; another provider would refuse it too. */
    INVALID_REQUEST(false, "generation_invalid_request"),
    /**
     * 401 and 403: our key is wrong or lacks access. An operator must act; failing over would hide
     * it.
     */
    UNAUTHORIZED(false, "provider_unauthorized"),
    /** The provider refused the prompt or the output under its content policy. */
    CONTENT_POLICY(false, "content_policy_violation"),
    /** The provider ran the job and reported it failed, for a reason other than the above. */
    GENERATION_FAILED(true, "generation_failed");

    private final boolean failover;
    private final String code;

    Kind(boolean failover, String code) {
      this.failover = failover;
      this.code = code;
    }

    /** Whether the router may try another provider endpoint after this failure. */
    public boolean failover() {
      return failover;
    }

    /** The stable error code recorded on the attempt and, if the job fails with it, on the job. */
    public String code() {
      return code;
    }
  }

  private final Kind kind;
  private final int httpStatus;
  private final Duration retryAfter;

  public ProviderException(
      Kind kind, int httpStatus, Duration retryAfter, String message, Throwable cause) {
    super(clip(message), cause);
    this.kind = Objects.requireNonNull(kind);
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  public ProviderException(Kind kind, int httpStatus, String message) {
    this(kind, httpStatus, null, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status the provider answered with; 0 when there was no answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The provider's {@code Retry-After}, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  private static String clip(String message) {
    if (message == null) {
      return null;
    }
    String oneLine = message.replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
  }
}
