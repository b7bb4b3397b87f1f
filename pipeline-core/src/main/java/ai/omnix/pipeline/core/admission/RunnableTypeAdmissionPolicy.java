package ai.omnix.pipeline.core.admission;

import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.tenant.Tenant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Refuses a job whose type no live worker runs (422 {@code job_type_unavailable}), instead of
 * accepting a job that would wait forever. When no worker is live at all (the workers are
 * restarting, or start after the API) nothing is known, so the job is accepted and waits queued.
 * Thread-safe when the supplier is.
 */
public final class RunnableTypeAdmissionPolicy implements AdmissionPolicy {
  private final Supplier<Optional<Set<String>>> liveWorkerTypes;

  /**
   * @param liveWorkerTypes the types live workers run, or empty when no worker is live
   */
  public RunnableTypeAdmissionPolicy(Supplier<Optional<Set<String>>> liveWorkerTypes) {
    this.liveWorkerTypes = liveWorkerTypes;
  }

  @Override
  public AdmissionDecision admit(
      Tenant tenant, JobType type, JobSubmission submission, long estimatedCredits) {
    return decide(type.name(), liveWorkerTypes.get());
  }

  /** The decision alone: admit unless workers are live and none of them runs {@code type}. */
  public static AdmissionDecision decide(String type, Optional<Set<String>> liveWorkerTypes) {
    if (liveWorkerTypes.isEmpty() || liveWorkerTypes.get().contains(type)) {
      return AdmissionDecision.admit();
    }
    return AdmissionDecision.refuse(
        422,
        "job_type_unavailable",
        "No running worker runs job type '"
            + type
            + "' (this deployment's workers do not include it); it cannot be accepted now.");
  }
}
