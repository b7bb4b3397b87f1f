package ai.omnix.pipeline.core.job.hook;

import java.util.Map;

/**
 * Thrown by a {@link JobAcceptHook} that refuses a job (for example credits that do not cover its
 * estimate). The API answers with {@code httpStatus} and the stable {@code code}, adding {@code
 * details} as problem extension members; a refused follow-up is created already failed with {@code
 * code}.
 */
public class JobRefusedException extends RuntimeException {
  private final int httpStatus;
  private final String code;
  private final Map<String, Object> details;

  public JobRefusedException(
      int httpStatus, String code, String message, Map<String, Object> details) {
    super(message);
    this.httpStatus = httpStatus;
    this.code = code;
    this.details = details == null ? Map.of() : Map.copyOf(details);
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String code() {
    return code;
  }

  public Map<String, Object> details() {
    return details;
  }
}
