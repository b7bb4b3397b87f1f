package ai.omnix.pipeline.launcher.metrics;

import ai.omnix.pipeline.core.job.hook.AcceptedJob;
import ai.omnix.pipeline.core.job.hook.EndedJob;
import ai.omnix.pipeline.core.job.hook.JobAcceptHook;
import ai.omnix.pipeline.core.job.hook.JobEndHook;
import ai.omnix.pipeline.core.tenant.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts jobs as they are accepted and as they end, as hooks of the store (so every path that
 * inserts or ends a job is counted, in whichever process it runs): {@code
 * omnix_jobs_submitted_total{type,plan}}, {@code
 * omnix_jobs_finished_total{type,status,error_code,plan}} and {@code
 * omnix_job_duration_seconds{type}} (submission to end, as a histogram with fixed buckets). A count
 * is taken when the transaction commits, so a rolled-back insert or end counts nothing. No tenant
 * or job id label: types, plans and error codes are bounded by {@link BoundedLabel}.
 */
public final class JobMetrics implements JobAcceptHook, JobEndHook {
  private static final Duration[] DURATION_BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(3)
  };

  private final MeterRegistry registry;
  private final Function<TenantId, String> planOf;
  private final BoundedLabel types = new BoundedLabel(100);
  private final BoundedLabel plans = new BoundedLabel(20);
  private final BoundedLabel errorCodes = new BoundedLabel(200);

  /**
   * @param planOf the tenant's plan, read in the calling transaction
   */
  public JobMetrics(MeterRegistry registry, Function<TenantId, String> planOf) {
    this.registry = registry;
    this.planOf = planOf;
  }

  @Override
  public void jobAccepted(AcceptedJob job) {
    String type = types.of(job.type());
    String plan = plans.of(planOf.apply(job.tenant()));
    afterCommit(
        () ->
            Counter.builder("omnix.jobs.submitted")
                .description("Jobs accepted (submissions, follow-ups and scheduled runs)")
                .tag("type", type)
                .tag("plan", plan)
                .register(registry)
                .increment());
  }

  @Override
  public void jobEnded(EndedJob job) {
    String type = types.of(job.type());
    String plan = plans.of(planOf.apply(job.tenant()));
    String status = job.status().name().toLowerCase(Locale.ROOT);
    String code = errorCodes.of(job.failure() == null ? null : job.failure().code());
    Duration took =
        job.createdAt() == null ? null : Duration.between(job.createdAt(), job.finishedAt());
    afterCommit(
        () -> {
          Counter.builder("omnix.jobs.finished")
              .description("Jobs that ended, by final status and error code")
              .tag("type", type)
              .tag("status", status)
              .tag("error_code", code)
              .tag("plan", plan)
              .register(registry)
              .increment();
          if (took != null && !took.isNegative()) {
            Timer.builder("omnix.job.duration")
                .description("From submission to end")
                .tag("type", type)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry)
                .record(took);
          }
        });
  }

  /** Last, after the hooks that may still roll the end back. */
  @Override
  public int order() {
    return Integer.MAX_VALUE;
  }

  private static void afterCommit(Runnable count) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              count.run();
            }
          });
    } else {
      count.run();
    }
  }
}
