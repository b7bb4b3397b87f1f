package ai.omnix.pipeline.scheduler.runs;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.job.type.Violation;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.store.tenant.ApiKeys;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits a scheduled run as an ordinary pipeline job of the admin tenant, so the API, the event
 * stream, webhooks and the JobRunr dashboard show it like any other job. The idempotency key is the
 * schedule's name and the fire time Quartz meant ({@code scheduled:<name>:<epoch ms>}): a clustered
 * double fire, or a misfire replayed after a scheduler restart, submits it once.
 */
public class ScheduledJobSubmitter {
  public static final TenantId ADMIN = new TenantId("admin");
  private static final Logger log = LoggerFactory.getLogger(ScheduledJobSubmitter.class);

  private final JobSubmissions jobs;
  private final TenantRepository tenants;
  private final JobTypeRegistry registry;

  public ScheduledJobSubmitter(
      JobSubmissions jobs, TenantRepository tenants, JobTypeRegistry registry) {
    this.jobs = jobs;
    this.tenants = tenants;
    this.registry = registry;
  }

  /**
   * @return the job of this fire time (created now, or by the first fire), or empty when there is
   *     no admin tenant yet
   * @throws IllegalArgumentException when the schedule names an unknown type or invalid params
   */
  public Optional<JobRecord> submit(
      String schedule, String type, Map<String, Object> params, Instant scheduledFireTime) {
    JobType jobType =
        registry
            .type(type)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "schedule " + schedule + " names no job type: " + type));
    Optional<Tenant> admin = tenants.find(ADMIN);
    if (admin.isEmpty()) {
      log.warn("schedule {}: no admin tenant yet, run at {} skipped", schedule, scheduledFireTime);
      return Optional.empty();
    }
    JobSubmission submission =
        new JobSubmission(
            type,
            JobInput.none(),
            params,
            null,
            Map.of("schedule", schedule, "scheduled_for", scheduledFireTime.toString()),
            0);
    List<Violation> violations = registry.validate(jobType, submission);
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(
          "schedule "
              + schedule
              + ": "
              + violations.get(0).field()
              + " "
              + violations.get(0).message());
    }
    String key = "scheduled:" + schedule + ":" + scheduledFireTime.toEpochMilli();
    JobSubmissions.Inserted inserted =
        jobs.insert(
            new NewJob(
                JobId.random(),
                admin.get(),
                submission,
                jobType.queueClass(),
                jobType.maxAttempts(),
                jobType.estimateCredits(submission),
                key,
                ApiKeys.hash(key),
                List.of(),
                jobType.paramsSchema().secretNames()));
    if (inserted instanceof JobSubmissions.Created created) {
      log.info(
          "schedule {}: submitted {} job {} for {}",
          schedule,
          type,
          created.job().id(),
          scheduledFireTime);
    }
    return Optional.of(inserted.job());
  }
}
