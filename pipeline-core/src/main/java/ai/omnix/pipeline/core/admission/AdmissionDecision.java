package ai.omnix.pipeline.core.admission;

/**
 * The answer of an {@link AdmissionPolicy}. A refusal carries the HTTP status to answer with (429
 * for a limit that frees up later, 402 for missing credits, 403 for a plan that does not include
 * the job type) and a stable code.
 */
public record AdmissionDecision(boolean admitted, int httpStatus, String code, String message) {
  private static final AdmissionDecision ADMIT = new AdmissionDecision(true, 0, null, null);

  public static AdmissionDecision admit() {
    return ADMIT;
  }

  public static AdmissionDecision refuse(int httpStatus, String code, String message) {
    return new AdmissionDecision(false, httpStatus, code, message);
  }
}
