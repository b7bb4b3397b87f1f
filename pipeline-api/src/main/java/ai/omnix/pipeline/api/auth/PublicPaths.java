package ai.omnix.pipeline.api.auth;

import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The only paths served without an API key. Everything else needs one, whatever it is (an unknown
 * path, a path another module adds later, a spelling the dispatcher maps to a protected handler).
 *
 * <p>Matched on the same parsed {@link RequestPath} that Spring MVC's handler mapping uses (path
 * parameters such as {@code ;x} dropped, each segment percent-decoded, nothing else normalised), so
 * a request is public exactly when the dispatcher would map it to a public handler: {@code
 * /%76%31/models} is {@code /v1/models} here as it is there, and {@code /files/x/../v1/models} is
 * neither {@code /files/{token}} here nor there.
 */
public final class PublicPaths {
  private static final PathPatternParser PARSER = new PathPatternParser();

  /**
   * Health and info for probes, the OpenAPI document, the API's own signed download and playback
   * links (the token is the grant; see {@code play.PlaybackController}), and Stripe's webhook
   * deliveries (verified by their signature in billing's {@code StripeEventsController}).
   */
  static final List<String> PATTERNS =
      List.of(
          "/actuator/health",
          "/actuator/health/**",
          "/actuator/info",
          "/v3/api-docs",
          "/v3/api-docs/**",
          "/files/{token}",
          "/play/{token}/**",
          "/v1/billing/stripe/events");

  private final List<PathPattern> patterns;

  public PublicPaths(List<String> patterns) {
    this.patterns = patterns.stream().map(PARSER::parse).toList();
  }

  public static PublicPaths defaults() {
    return new PublicPaths(PATTERNS);
  }

  /** The defaults plus the paths other filter chains authenticate. */
  public static PublicPaths defaultsAnd(List<SeparatelyAuthenticatedPaths> others) {
    List<String> all = new java.util.ArrayList<>(PATTERNS);
    others.forEach(o -> all.addAll(o.patterns()));
    return new PublicPaths(all);
  }

  /**
   * Public when a pattern matches and the path has no dot segments or empty segments: such
   * spellings are left to authentication even where the dispatcher would map them to a public
   * handler.
   */
  public boolean isPublic(RequestPath path) {
    PathContainer withinApplication = path.pathWithinApplication();
    boolean previousWasSeparator = false;
    for (PathContainer.Element element : withinApplication.elements()) {
      if (element instanceof PathContainer.Separator) {
        if (previousWasSeparator) {
          return false;
        }
        previousWasSeparator = true;
        continue;
      }
      previousWasSeparator = false;
      String segment = ((PathContainer.PathSegment) element).valueToMatch();
      if (segment.equals(".") || segment.equals("..") || segment.isEmpty()) {
        return false;
      }
    }
    for (PathPattern pattern : patterns) {
      if (pattern.matches(withinApplication)) {
        return true;
      }
    }
    return false;
  }
}
