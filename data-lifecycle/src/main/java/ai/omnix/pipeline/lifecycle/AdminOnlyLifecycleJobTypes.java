package ai.omnix.pipeline.lifecycle;

import ai.omnix.pipeline.core.admission.AdmissionDecision;
import ai.omnix.pipeline.core.admission.AdmissionPolicy;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.tenant.Tenant;
import java.util.Set;

/**
 * The data lifecycle's operator job types are submitted by the admin tenant only: 403 {@code
 * admin_required} otherwise (the same answer billing's operator types give).
 */
public final class AdminOnlyLifecycleJobTypes implements AdmissionPolicy {
  public static final String ADMIN_TENANT = "admin";
  private final Set<String> types;

  public AdminOnlyLifecycleJobTypes(Set<String> types) {
    this.types = Set.copyOf(types);
  }

  @Override
  public AdmissionDecision admit(
      Tenant tenant, JobType type, JobSubmission submission, long estimatedCredits) {
    if (types.contains(type.name()) && !ADMIN_TENANT.equals(tenant.id().value())) {
      return AdmissionDecision.refuse(
          403, "admin_required", "Only the admin tenant may run " + type.name() + ".");
    }
    return AdmissionDecision.admit();
  }
}
