package ai.omnix.pipeline.scheduler.housekeeping;

import ai.omnix.pipeline.store.job.IdempotencyKeys;
import java.time.Clock;
import java.time.Duration;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Forgets idempotency keys older than their retention (24 h by default), as Stripe does. */
@DisallowConcurrentExecution
public class IdempotencyKeyPurgeJob extends QuartzJobBean {
  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurgeJob.class);

  private final IdempotencyKeys jobs;
  private final Clock clock;
  private final Duration retention;

  public IdempotencyKeyPurgeJob(
      IdempotencyKeys jobs, Clock clock, IdempotencyKeyRetention retention) {
    this.jobs = jobs;
    this.clock = clock;
    this.retention = retention.value();
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    int purged = jobs.purgeIdempotencyKeys(clock.instant().minus(retention));
    if (purged > 0) {
      log.info("purged {} idempotency keys older than {}", purged, retention);
    }
  }
}
