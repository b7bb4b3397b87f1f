package ai.omnix.pipeline.core.job;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A job's public identifier. */
public record JobId(UUID value) {
  public JobId {
    Objects.requireNonNull(value);
  }

  public static JobId random() {
    return new JobId(UUID.randomUUID());
  }

  /** Parses a path or query value; anything that is not a UUID is simply no job. */
  public static Optional<JobId> parse(String text) {
    if (text == null || text.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(new JobId(UUID.fromString(text)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
