package ai.omnix.pipeline.workers.run;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.handler.JobSuspendedException;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one run of one job: claims it in the store, calls the type's handler, and records the
 * outcome. Failures with a retryable code go back to the queue with exponential backoff until the
 * job's attempts are used up; any other exception from a handler counts as a retryable {@code
 * internal_error} whose details stay in the log, never in the tenant-visible message. Thread-safe.
 */
public final class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  /** Keeps a handed-back job from bouncing between workers that lack its type in a tight loop. */
  static final Duration HAND_BACK_DELAY = Duration.ofSeconds(2);

  private final RunStore jobs;
  private final JobTypeRegistry registry;
  private final RunningJobs running;
  private final Clock clock;
  private final String workerName;
  private final Duration retryBase;
  private final Duration retryCap;
  private final Supplier<UUID> executorId;
  private final BiFunction<TenantId, JobId, JobAssets> assets;

  /** A runner whose jobs have no asset storage (for handlers that need none). */
  public JobRunner(
      RunStore jobs,
      JobTypeRegistry registry,
      RunningJobs running,
      Clock clock,
      String workerName,
      Duration retryBase,
      Duration retryCap) {
    this(
        jobs,
        registry,
        running,
        clock,
        workerName,
        retryBase,
        retryCap,
        () -> null,
        (tenant, job) -> {
          throw new IllegalStateException("no asset storage configured");
        });
  }

  /**
   * @param executorId the id of the executor (JobRunr server) running this process's attempts, for
   *     liveness
   * @param assets gives each attempt its view of input and output assets
   */
  public JobRunner(
      RunStore jobs,
      JobTypeRegistry registry,
      RunningJobs running,
      Clock clock,
      String workerName,
      Duration retryBase,
      Duration retryCap,
      Supplier<UUID> executorId,
      BiFunction<TenantId, JobId, JobAssets> assets) {
    this.executorId = executorId;
    this.assets = assets;
    this.jobs = jobs;
    this.registry = registry;
    this.running = running;
    this.clock = clock;
    this.workerName = workerName;
    this.retryBase = retryBase;
    this.retryCap = retryCap;
  }

  /**
   * Runs one attempt and records its outcome in the store.
   *
   * @return how the attempt ended, for the executor to record the same
   */
  public RunOutcome run(UUID jobUuid, UUID runId) {
    JobId id = new JobId(jobUuid);
    Optional<JobRecord> claimed = jobs.claim(id, runId, workerName, executorId.get());
    if (claimed.isEmpty()) {
      log.debug("run {} of job {} is stale or the job is finished; skipping", runId, id);
      return RunOutcome.SKIPPED;
    }
    JobRecord job = claimed.get();
    if (!registry.handles(job.type())) {
      // Another worker (another version or another set of modules) runs this type: give the run
      // back without using an attempt, rather than fail it or leave it for the sweeper as lost.
      log.warn(
          "job {} is of type {}, which this worker does not run; handing it back", id, job.type());
      jobs.handBack(id, runId, workerName, clock.instant().plus(HAND_BACK_DELAY));
      // the job runs later under a new run; this one did nothing, like a stale run
      return RunOutcome.SKIPPED;
    }
    if (job.attempts() > job.maxAttempts()) {
      JobFailure lost =
          new JobFailure(
              "worker_lost",
              "The job was interrupted "
                  + job.maxAttempts()
                  + " times (its worker stopped) and will not be retried.",
              false);
      jobs.fail(id, runId, lost);
      return RunOutcome.failed(lost.code(), lost.message());
    }
    if (job.cancelRequestedAt() != null) {
      jobs.markCanceled(id, runId);
      return RunOutcome.CANCELED;
    }
    JobHandler handler = registry.handler(job.type());
    StoreJobExecution execution =
        new StoreJobExecution(
            job,
            runId,
            jobs,
            clock,
            Thread.currentThread(),
            () -> assets.apply(job.tenantId(), job.id()));
    running.register(execution);
    try {
      JobResult result = handler.handle(execution);
      jobs.succeed(id, runId, result);
      return RunOutcome.SUCCEEDED;
    } catch (JobSuspendedException e) {
      if (execution.isCancelRequested()) {
        jobs.markCanceled(id, runId);
        return RunOutcome.CANCELED;
      }
      jobs.suspend(id, runId, clock.instant().plus(e.resumeAfter()), e.reason());
      return RunOutcome.SUSPENDED;
    } catch (JobCanceledException e) {
      jobs.markCanceled(id, runId);
      return RunOutcome.CANCELED;
    } catch (JobFailedException e) {
      if (execution.isCancelRequested()) {
        jobs.markCanceled(id, runId);
        return RunOutcome.CANCELED;
      }
      return failOrRetry(job, runId, new JobFailure(e.code(), e.getMessage(), e.retryable()));
    } catch (Exception | Error e) {
      if (execution.isCancelRequested()) {
        jobs.markCanceled(id, runId);
        return RunOutcome.CANCELED;
      } else {
        log.warn("job {} ({}) attempt {} failed unexpectedly", id, job.type(), job.attempts(), e);
        return failOrRetry(
            job,
            runId,
            new JobFailure(
                "internal_error",
                "The job failed because of an internal error; it is retried automatically while attempts remain.",
                true));
      }
    } finally {
      running.unregister(execution);
      Thread.interrupted();
    }
  }

  private RunOutcome failOrRetry(JobRecord job, UUID runId, JobFailure failure) {
    if (failure.retryable() && job.attempts() < job.maxAttempts()) {
      jobs.retryLater(job.id(), runId, failure, clock.instant().plus(backoff(job.attempts())));
      return RunOutcome.retryScheduled(failure.code(), failure.message());
    }
    jobs.fail(job.id(), runId, failure);
    return RunOutcome.failed(failure.code(), failure.message());
  }

  /** base × 4^(attempt−1), capped: 5 s, 20 s, 80 s … with the defaults. */
  Duration backoff(int attempt) {
    long factor = 1L << Math.min(2 * (attempt - 1), 40);
    Duration delay = retryBase.multipliedBy(factor);
    return delay.compareTo(retryCap) > 0 ? retryCap : delay;
  }
}
