package ai.omnix.pipeline.api.problem;

import java.util.List;
import java.util.Map;

/**
 * An error answered as RFC 9457 {@code application/problem+json}. {@code code} is stable and
 * documented; clients branch on it, never on {@code detail}.
 */
public class ApiProblem extends RuntimeException {
  private final int status;
  private final String code;
  private final String title;
  private final List<Map<String, Object>> errors;

  public ApiProblem(int status, String code, String title, String detail) {
    this(status, code, title, detail, List.of());
  }

  public ApiProblem(
      int status, String code, String title, String detail, List<Map<String, Object>> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.title = title;
    this.errors = errors;
  }

  public static ApiProblem notFound(String what) {
    return new ApiProblem(404, "not_found", "Not found", what + " does not exist.");
  }

  public static ApiProblem badRequest(String code, String detail) {
    return new ApiProblem(400, code, "Bad request", detail);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  public List<Map<String, Object>> errors() {
    return errors;
  }
}
