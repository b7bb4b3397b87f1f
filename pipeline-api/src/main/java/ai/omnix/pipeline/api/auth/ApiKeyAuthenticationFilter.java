package ai.omnix.pipeline.api.auth;

import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.api.problem.ProblemResponses;
import ai.omnix.pipeline.store.tenant.ApiKeys;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.store.tenant.TenantRepository.Principal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <api key>} on every {@code /v1} request. Keys are
 * looked up by their SHA-256 hash; a successful lookup is remembered for {@code cacheFor} (so a
 * revoked key stops working within that time) to keep the database off the hot path.
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {
  public static final String PRINCIPAL = ApiKeyAuthenticationFilter.class.getName() + ".principal";
  private static final int MAX_CACHED = 10_000;

  /**
   * Paths under {@code /v1} that authenticate by other means: Stripe's webhook deliveries are
   * verified by their signature (billing's {@code StripeEventsController}).
   */
  public static final java.util.Set<String> PUBLIC_PATHS =
      java.util.Set.of("/v1/billing/stripe/events");

  private final TenantRepository tenants;
  private final Clock clock;
  private final Duration cacheFor;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public ApiKeyAuthenticationFilter(TenantRepository tenants, Clock clock, Duration cacheFor) {
    this.tenants = tenants;
    this.clock = clock;
    this.cacheFor = cacheFor;
  }

  private record Cached(Principal principal, Instant until) {}

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return PUBLIC_PATHS.contains(path) || !(path.equals("/v1") || path.startsWith("/v1/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      response.setHeader("WWW-Authenticate", "Bearer");
      ProblemResponses.write(
          response,
          new ApiProblem(
              401,
              "unauthenticated",
              "Unauthenticated",
              "Send an API key as 'Authorization: Bearer <key>'."),
          request.getRequestURI());
      return;
    }
    String key = header.substring(7).trim();
    Optional<Principal> principal = authenticate(key);
    if (principal.isEmpty()) {
      response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      ProblemResponses.write(
          response,
          new ApiProblem(
              401, "invalid_api_key", "Unauthenticated", "The API key is unknown or revoked."),
          request.getRequestURI());
      return;
    }
    request.setAttribute(PRINCIPAL, principal.get());
    chain.doFilter(request, response);
  }

  private Optional<Principal> authenticate(String key) {
    if (!ApiKeys.isPlausible(key)) {
      return Optional.empty();
    }
    String hash = ApiKeys.hash(key);
    Instant now = clock.instant();
    Cached cached = cache.get(hash);
    if (cached != null && cached.until().isAfter(now)) {
      return Optional.of(cached.principal());
    }
    Optional<Principal> principal = tenants.authenticate(key);
    if (principal.isPresent()) {
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      cache.put(hash, new Cached(principal.get(), now.plus(cacheFor)));
    } else {
      cache.remove(hash);
    }
    return principal;
  }

  /** Drops a key from the cache, so a revocation takes effect in this process at once. */
  public void forget(String keyHash) {
    cache.remove(keyHash);
  }

  public static Principal principal(HttpServletRequest request) {
    Object principal = request.getAttribute(PRINCIPAL);
    if (principal == null) {
      throw new ApiProblem(401, "unauthenticated", "Unauthenticated", "An API key is required.");
    }
    return (Principal) principal;
  }
}
