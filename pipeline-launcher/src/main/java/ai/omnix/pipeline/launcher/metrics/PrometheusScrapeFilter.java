package ai.omnix.pipeline.launcher.metrics;

import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.api.problem.ProblemResponses;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves {@code GET /actuator/prometheus} in every role, only to a caller that sends {@code
 * Authorization: Bearer <omnix.metrics.scrape-token>}. It answers the request itself, ahead of the
 * API's key filter and of actuator (which does not expose the endpoint on the web), so the scrape
 * token is the only way in: an API key, even an admin one, does not open it, and no other spelling
 * of the path reaches the metrics. A missing or wrong token answers 401 problem+json {@code
 * invalid_scrape_token}.
 */
final class PrometheusScrapeFilter extends OncePerRequestFilter {
  static final String PATH = "/actuator/prometheus";
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final byte[] token;
  private final ClusterGauges gauges;
  private final CircuitGauges circuits;

  PrometheusScrapeFilter(
      PrometheusMeterRegistry registry,
      String token,
      ClusterGauges gauges,
      CircuitGauges circuits) {
    if (token == null || token.isBlank()) {
      throw new IllegalStateException(
          "omnix.metrics.scrape-token is empty; set OMNIX_METRICS_SCRAPETOKEN");
    }
    this.registry = registry;
    this.token = token.strip().getBytes(StandardCharsets.UTF_8);
    this.gauges = gauges;
    this.circuits = circuits;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !PATH.equals(request.getRequestURI().substring(request.getContextPath().length()));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    byte[] sent =
        bearer ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(sent, token)) {
      response.setHeader("WWW-Authenticate", "Bearer");
      ProblemResponses.write(
          response,
          new ApiProblem(
              401,
              "invalid_scrape_token",
              "Unauthenticated",
              "Send the metrics scrape token as 'Authorization: Bearer <token>'"
                  + " (omnix.metrics.scrape-token)."),
          request.getRequestURI());
      return;
    }
    if (!"GET".equals(request.getMethod())) {
      response.setHeader("Allow", "GET");
      ProblemResponses.write(
          response,
          new ApiProblem(405, "method_not_allowed", "Method not allowed", "Scrape with GET."),
          request.getRequestURI());
      return;
    }
    if (gauges != null) {
      gauges.refreshIfStale();
    }
    if (circuits != null) {
      circuits.refresh();
    }
    byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.setContentType(TEXT_FORMAT);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
