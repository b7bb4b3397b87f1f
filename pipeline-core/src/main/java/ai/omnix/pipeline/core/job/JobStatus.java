package ai.omnix.pipeline.core.job;

import java.util.Locale;
import java.util.Optional;

/**
 * The states a job is seen in from outside. A retry shows as {@link #QUEUED} again with a higher
 * attempt count.
 */
public enum JobStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<JobStatus> fromWireName(String name) {
    for (JobStatus status : values()) {
      if (status.wireName().equals(name)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
