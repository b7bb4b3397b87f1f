package ai.omnix.pipeline.core.admission;

import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.tenant.Tenant;

/**
 * Runs on every submission, before the job is stored: plan limits today, credit reservation when
 * billing lands. Implementations must be thread-safe. Every policy bean in the process is asked, in
 * order; the first refusal wins.
 */
public interface AdmissionPolicy {

  AdmissionDecision admit(
      Tenant tenant, JobType type, JobSubmission submission, long estimatedCredits);
}
