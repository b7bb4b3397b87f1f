package ai.omnix.pipeline.api.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The request the current thread serves, for audit events reported from code that is not handed it
 * (the authentication filter's {@code SecurityEvents} calls come before Spring's own request
 * context is set up). A filter that runs around the authentication filter binds it.
 */
public final class CurrentRequest extends OncePerRequestFilter {
  private static final ThreadLocal<HttpServletRequest> CURRENT = new ThreadLocal<>();

  public static Optional<HttpServletRequest> get() {
    return Optional.ofNullable(CURRENT.get());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpServletRequest outer = CURRENT.get();
    CURRENT.set(request);
    try {
      chain.doFilter(request, response);
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }
}
