package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * What the API reads about a tenant's jobs. Reads only; every lookup but the event log is scoped by
 * tenant, so another tenant's job is simply absent. Thread-safe.
 */
public interface JobQueries {

  /** A tenant's job; another tenant's job is simply absent. */
  Optional<JobRecord> find(TenantId tenant, JobId id);

  /** A page of a tenant's jobs, newest first. */
  List<JobRecord> list(TenantId tenant, JobQuery query);

  /** A job's events after {@code afterEventId}, oldest first, at most {@code limit}. */
  List<JobEvent> events(JobId id, long afterEventId, int limit);

  /** How many of the tenant's jobs are queued or running. */
  int unfinishedJobs(TenantId tenant);
}
