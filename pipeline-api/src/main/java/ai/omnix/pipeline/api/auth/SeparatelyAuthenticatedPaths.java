package ai.omnix.pipeline.api.auth;

import java.util.List;

/**
 * Paths that another filter chain authenticates, contributed as a bean by the module that owns that
 * chain (the operator console: its own sign-in, session and CSRF under {@code /console}). The
 * API-key filter lets exactly these through as it does the {@link PublicPaths}, with the same
 * matching rules (dot or empty segments never match), so a missing key there is not answered 401 by
 * the API before the console's chain can send the browser to its sign-in page. Nothing else
 * changes: every other path still needs a key.
 *
 * @param patterns Spring {@code PathPattern}s, e.g. {@code /console/**}
 */
public record SeparatelyAuthenticatedPaths(List<String> patterns) {
  public SeparatelyAuthenticatedPaths {
    patterns = List.copyOf(patterns);
  }
}
