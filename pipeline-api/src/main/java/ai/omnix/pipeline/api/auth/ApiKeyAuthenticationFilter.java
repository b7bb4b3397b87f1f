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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Authenticates {@code Authorization: Bearer <api key>} on every request the API process serves,
 * except the few {@link PublicPaths}: fails closed, so a path nobody listed (or a spelling of a
 * protected path such as {@code /v1;x/models} or {@code /%761/job-types}) needs a key too. Whether
 * a request is public is decided on the path the dispatcher maps, never on the raw URI.
 *
 * <p>Keys are looked up by their SHA-256 hash; a successful lookup is remembered for {@code
 * cacheFor} (so a revoked key stops working within that time) to keep the database off the hot
 * path, and failed lookups go through a {@link FailedLookupThrottle}. A database outage answers 503
 * {@code store_unavailable}, like the controllers.
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {
  public static final String PRINCIPAL = ApiKeyAuthenticationFilter.class.getName() + ".principal";
  private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);
  private static final int MAX_CACHED = 10_000;

  private final TenantRepository tenants;
  private final Clock clock;
  private final Duration cacheFor;
  private final PublicPaths publicPaths;
  private final FailedLookupThrottle throttle;
  private final SecurityEvents events;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public ApiKeyAuthenticationFilter(
      TenantRepository tenants,
      Clock clock,
      Duration cacheFor,
      PublicPaths publicPaths,
      FailedLookupThrottle throttle,
      SecurityEvents events) {
    this.tenants = tenants;
    this.clock = clock;
    this.cacheFor = cacheFor;
    this.publicPaths = publicPaths;
    this.throttle = throttle;
    this.events = events;
  }

  private record Cached(Principal principal, Instant until) {}

  private sealed interface Outcome {}

  private record Authenticated(Principal principal) implements Outcome {}

  private record Refused(String reason) implements Outcome {}

  private record Throttled(Duration retryAfter) implements Outcome {}

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (isPublic(request)) {
      chain.doFilter(request, response);
      return;
    }
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      events.authenticationFailed(request.getRemoteAddr(), "missing", request.getRequestURI());
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
    Outcome outcome;
    try {
      outcome = authenticate(header.substring(7).trim(), request.getRemoteAddr());
    } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
      log.warn("job store unavailable while authenticating {}", request.getRequestURI(), e);
      ProblemResponses.write(
          response,
          new ApiProblem(
              503,
              "store_unavailable",
              "Service unavailable",
              "The job store is unavailable; retry with the same Idempotency-Key."),
          request.getRequestURI());
      return;
    }
    if (outcome instanceof Authenticated a) {
      request.setAttribute(PRINCIPAL, a.principal());
      chain.doFilter(request, response);
    } else if (outcome instanceof Throttled t) {
      events.authenticationFailed(request.getRemoteAddr(), "throttled", request.getRequestURI());
      long seconds = Math.max(1, t.retryAfter().toSeconds() + 1);
      response.setHeader("Retry-After", Long.toString(seconds));
      ProblemResponses.write(
          response,
          new ApiProblem(
              429,
              "too_many_failed_authentications",
              "Too many failed authentications",
              "Too many unknown API keys came from this address; retry in "
                  + seconds
                  + " s. Keys in recent use are not affected."),
          request.getRequestURI());
    } else if (outcome instanceof Refused r) {
      events.authenticationFailed(request.getRemoteAddr(), r.reason(), request.getRequestURI());
      response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      ProblemResponses.write(
          response,
          new ApiProblem(
              401, "invalid_api_key", "Unauthenticated", "The API key is unknown or revoked."),
          request.getRequestURI());
    }
  }

  /** Decided on the path as the dispatcher parses it (see {@link PublicPaths}). */
  private boolean isPublic(HttpServletRequest request) {
    RequestPath path =
        ServletRequestPathUtils.hasParsedRequestPath(request)
            ? ServletRequestPathUtils.getParsedRequestPath(request)
            : RequestPath.parse(request.getRequestURI(), request.getContextPath());
    return publicPaths.isPublic(path);
  }

  private Outcome authenticate(String key, String address) {
    if (!ApiKeys.isPlausible(key)) {
      return new Refused("malformed");
    }
    String hash = ApiKeys.hash(key);
    Instant now = clock.instant();
    Cached cached = cache.get(hash);
    if (cached != null && cached.until().isAfter(now)) {
      return new Authenticated(cached.principal());
    }
    if (throttle.isKnownUnknown(hash)) {
      return new Refused("unknown");
    }
    Optional<Duration> wait = throttle.waitBeforeLookup(hash, address);
    if (wait.isPresent()) {
      return new Throttled(wait.get());
    }
    Optional<Principal> principal = tenants.authenticate(key);
    if (principal.isEmpty()) {
      cache.remove(hash);
      throttle.lookupFailed(hash, address);
      return new Refused("unknown");
    }
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(hash, new Cached(principal.get(), now.plus(cacheFor)));
    throttle.lookupSucceeded(hash);
    return new Authenticated(principal.get());
  }

  /** Drops a key from the caches, so a revocation takes effect in this process at once. */
  public void forget(String keyHash) {
    cache.remove(keyHash);
    throttle.forget(keyHash);
  }

  public static Principal principal(HttpServletRequest request) {
    Object principal = request.getAttribute(PRINCIPAL);
    if (principal == null) {
      throw new ApiProblem(401, "unauthenticated", "Unauthenticated", "An API key is required.");
    }
    return (Principal) principal;
  }
}
