package ai.omnix.pipeline.core.admission;

import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.tenant.Tenant;

/**
 * Refuses a submission with 429 when the tenant already has as many unfinished jobs as its plan
 * allows.
 */
public final class PlanLimitsAdmissionPolicy implements AdmissionPolicy {
  private final UnfinishedJobCounter counter;

  public PlanLimitsAdmissionPolicy(UnfinishedJobCounter counter) {
    this.counter = counter;
  }

  @Override
  public AdmissionDecision admit(
      Tenant tenant, JobType type, JobSubmission submission, long estimatedCredits) {
    int limit = tenant.plan().maxUnfinishedJobs();
    if (counter.unfinishedJobs(tenant.id()) >= limit) {
      return AdmissionDecision.refuse(
          429,
          "plan_queue_limit",
          "The "
              + tenant.plan().wireName()
              + " plan allows "
              + limit
              + " queued or running jobs; wait for some to finish or upgrade the plan.");
    }
    return AdmissionDecision.admit();
  }
}
