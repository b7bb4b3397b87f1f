package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * What the operator console reads and does across tenants: the overview, any job by id with its
 * events, and a cancel on behalf of the job's tenant. Thread-safe.
 */
public interface OperatorJobs extends JobOverview {

  /** Any tenant's job: only operators, who see every tenant, may call this. */
  Optional<JobRecord> findById(JobId id);

  /** A job's events after {@code afterEventId}, oldest first, at most {@code limit}. */
  List<JobEvent> events(JobId id, long afterEventId, int limit);

  /** Asks for the job's cancel as its tenant would; absent when the tenant has no such job. */
  Optional<JobRecord> requestCancel(TenantId tenant, JobId id);
}
