package ai.omnix.pipeline.core.job.handler;

/**
 * A job failure with a stable code. Not retryable failures (bad input, unsupported media) end the
 * job at once.
 */
public class JobFailedException extends RuntimeException {
  private final String code;
  private final boolean retryable;

  public JobFailedException(String code, String message, boolean retryable) {
    super(message);
    this.code = code;
    this.retryable = retryable;
  }

  public JobFailedException(String code, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryable = retryable;
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
