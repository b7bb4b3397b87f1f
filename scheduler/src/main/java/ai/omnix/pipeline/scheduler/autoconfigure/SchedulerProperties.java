package ai.omnix.pipeline.scheduler.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Scheduler settings ({@code omnix.scheduler.*}).
 *
 * @param enabled whether this process runs scheduled work (the scheduler role); Quartz is
 *     clustered, so several schedulers never run the same firing twice
 * @param idempotencyKeyRetention how long idempotency keys are kept (at least 24 h)
 */
@ConfigurationProperties("omnix.scheduler")
public record SchedulerProperties(Boolean enabled, Duration idempotencyKeyRetention) {
  public SchedulerProperties {
    enabled = enabled == null || enabled;
    idempotencyKeyRetention =
        idempotencyKeyRetention == null ? Duration.ofHours(24) : idempotencyKeyRetention;
    if (idempotencyKeyRetention.compareTo(Duration.ofHours(24)) < 0) {
      throw new IllegalArgumentException(
          "omnix.scheduler.idempotency-key-retention must be at least 24h");
    }
  }
}
