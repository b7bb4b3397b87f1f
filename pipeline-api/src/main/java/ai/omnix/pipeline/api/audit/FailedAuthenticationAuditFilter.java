package ai.omnix.pipeline.api.audit;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wraps the authentication filter and audits what it refused: a request that ends 401 (or 429, the
 * failed-lookup throttle) without an authenticated principal. It only observes, so the
 * authentication code needs no audit calls of its own.
 */
public final class FailedAuthenticationAuditFilter extends OncePerRequestFilter {
  private final FailedAuthentications failures;

  public FailedAuthenticationAuditFilter(FailedAuthentications failures) {
    this.failures = failures;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(request, response);
    int status = response.getStatus();
    if ((status == 401 || status == 429)
        && request.getAttribute(ApiKeyAuthenticationFilter.PRINCIPAL) == null) {
      String header = request.getHeader("Authorization");
      failures.failed(
          request.getRemoteAddr(),
          status == 429 ? "throttled" : header == null || header.isBlank() ? "missing" : "invalid",
          request.getRequestURI(),
          request.getHeader("User-Agent"));
    }
  }
}
