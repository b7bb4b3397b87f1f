package ai.omnix.pipeline.api.lifecycle;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;

/** What the lifecycle endpoints share: admin checks and path ids. */
final class Lifecycle {
  private Lifecycle() {}

  static void requireAdmin(HttpServletRequest request) {
    if (!ApiKeyAuthenticationFilter.principal(request).admin()) {
      throw new ApiProblem(
          403, "admin_required", "Forbidden", "Only an admin API key may do this.");
    }
  }

  static TenantId tenant(String id) {
    if (id == null || !TenantId.isValid(id)) {
      throw ApiProblem.notFound("Tenant " + (id == null ? "" : id));
    }
    return new TenantId(id);
  }
}
