package ai.omnix.pipeline.core.admission;

import ai.omnix.pipeline.core.tenant.TenantId;

/** Counts a tenant's queued and running jobs. */
@FunctionalInterface
public interface UnfinishedJobCounter {
  int unfinishedJobs(TenantId tenant);
}
