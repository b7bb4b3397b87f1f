package ai.omnix.pipeline.scheduler.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Scheduler settings ({@code omnix.scheduler.*}).
 *
 * @param enabled whether this process runs scheduled work (the scheduler role); Quartz is
 *     clustered, so several schedulers never run the same firing twice
 * @param idempotencyKeyRetention how long idempotency keys are kept (at least 24 h)
 * @param runs pipeline jobs submitted on a schedule, by name
 */
@ConfigurationProperties("omnix.scheduler")
public record SchedulerProperties(
    Boolean enabled,
    Duration idempotencyKeyRetention,
    java.util.Map<String, ai.omnix.pipeline.scheduler.runs.ScheduledRun> runs) {

  /**
   * A pipeline job Quartz submits as the admin tenant.
   *
   * @param type the job type
   * @param cron a Quartz cron expression, in UTC
   * @param params the job's parameters
   */
  public SchedulerProperties {
    runs = runs == null ? java.util.Map.of() : java.util.Map.copyOf(runs);
    enabled = enabled == null || enabled;
    idempotencyKeyRetention =
        idempotencyKeyRetention == null ? Duration.ofHours(24) : idempotencyKeyRetention;
    if (idempotencyKeyRetention.compareTo(Duration.ofHours(24)) < 0) {
      throw new IllegalArgumentException(
          "omnix.scheduler.idempotency-key-retention must be at least 24h");
    }
  }
}
