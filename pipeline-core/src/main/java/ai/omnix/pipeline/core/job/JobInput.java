package ai.omnix.pipeline.core.job;

import java.util.List;

/**
 * What a job works on: nothing, one asset, several assets, or a URL to fetch. Exactly one form is
 * set.
 *
 * @param assetIds the assets, in order; one element for the single-asset form
 */
public record JobInput(Kind kind, List<String> assetIds, String url) {
  public enum Kind {
    NONE,
    ASSET,
    ASSETS,
    URL
  }

  public JobInput {
    assetIds = assetIds == null ? List.of() : List.copyOf(assetIds);
  }

  public static JobInput none() {
    return new JobInput(Kind.NONE, List.of(), null);
  }

  public static JobInput asset(String assetId) {
    return new JobInput(Kind.ASSET, List.of(assetId), null);
  }

  public static JobInput assets(List<String> assetIds) {
    return new JobInput(Kind.ASSETS, assetIds, null);
  }

  public static JobInput url(String url) {
    return new JobInput(Kind.URL, List.of(), url);
  }
}
