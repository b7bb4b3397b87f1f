package ai.omnix.pipeline.core.chat;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a provider could not (or could no longer) generate a reply. The message is safe to log: it
 * never holds a key, and it is not shown to tenants as is.
 */
public class ChatProviderException extends RuntimeException {

  /** What went wrong, which decides whether another endpoint may be tried. */
  public enum Kind {
    /** 429: the provider's rate limit or quota. Retryable. */
    RATE_LIMITED(true),
    /** 5xx or an overloaded answer. Retryable. */
    UNAVAILABLE(true),
    /** No answer in time. Retryable. */
    TIMEOUT(true),
    /** The connection failed or broke. Retryable. */
    CONNECTION(true),
    /** An answer this client cannot read. Retryable (another endpoint may answer properly). */
    MALFORMED(true),
    /** 400: the request is wrong; another endpoint would refuse it too. */
    INVALID_REQUEST(false),
    /** 401/403: our key is refused. */
    UNAUTHORIZED(false),
    /** The provider refused the content (policy). */
    REFUSED(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final Duration retryAfter;
  private final boolean afterFirstDelta;

  public ChatProviderException(
      Kind kind, String message, Duration retryAfter, boolean afterFirstDelta, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.retryAfter = retryAfter;
    this.afterFirstDelta = afterFirstDelta;
  }

  public ChatProviderException(Kind kind, String message, boolean afterFirstDelta) {
    this(kind, message, null, afterFirstDelta, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The provider's {@code Retry-After}, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether part of the reply had already been delivered when this happened. */
  public boolean afterFirstDelta() {
    return afterFirstDelta;
  }

  /** Whether the caller may try another endpoint: a retryable kind, before the first delta. */
  public boolean canFailOver() {
    return kind.retryable() && !afterFirstDelta;
  }
}
