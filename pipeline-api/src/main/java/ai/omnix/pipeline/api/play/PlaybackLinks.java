package ai.omnix.pipeline.api.play;

import ai.omnix.pipeline.core.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Adds a playback URL to the JSON of a finished job whose result names a playback entry ({@code
 * result.summary.playback_entry}, e.g. {@code hls/master.m3u8}): {@code result.playback_url} is
 * {@code <base>/play/<token>/<entry>}, under which the entry's relative references resolve to the
 * job's other outputs, and {@code result.playback_expires_at} says until when. A fresh token is
 * issued on every read.
 */
public final class PlaybackLinks {
  /** The summary key a job handler names its playback entry with. */
  public static final String ENTRY = "playback_entry";

  private final PlaybackTokens tokens;
  private final PlaybackProperties properties;

  public PlaybackLinks(PlaybackTokens tokens, PlaybackProperties properties) {
    this.tokens = tokens;
    this.properties = properties;
  }

  /**
   * The job's JSON with the playback fields added to its result, or the same map when the job has
   * nothing to play (not succeeded, or no entry).
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> decorateJob(
      TenantId tenant, Map<String, Object> job, HttpServletRequest request) {
    if (!"succeeded".equals(job.get("status"))
        || !(job.get("result") instanceof Map<?, ?> result)
        || !(result.get("summary") instanceof Map<?, ?> summary)
        || !(summary.get(ENTRY) instanceof String entry)
        || !(job.get("id") instanceof String id)) {
      return job;
    }
    Optional<String> path = PlaybackPaths.outputName(entry);
    if (path.isEmpty()) {
      return job;
    }
    PlaybackTokens.Token token = tokens.issue(tenant, UUID.fromString(id), properties.ttl());
    Map<String, Object> decoratedResult = new LinkedHashMap<>((Map<String, Object>) result);
    decoratedResult.put(
        "playback_url", baseUrl(request) + "/play/" + token.value() + "/" + path.get());
    decoratedResult.put("playback_expires_at", token.expiresAt().toString());
    Map<String, Object> decorated = new LinkedHashMap<>(job);
    decorated.put("result", decoratedResult);
    return decorated;
  }

  private String baseUrl(HttpServletRequest request) {
    if (properties.publicBaseUrl() != null) {
      return properties.publicBaseUrl();
    }
    return request.getScheme()
        + "://"
        + request.getServerName()
        + ":"
        + request.getServerPort()
        + request.getContextPath();
  }
}
