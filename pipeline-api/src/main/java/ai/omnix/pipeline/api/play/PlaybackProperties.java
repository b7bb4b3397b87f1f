package ai.omnix.pipeline.api.play;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Playback links ({@code omnix.playback.*}).
 *
 * @param ttl how long a playback URL handed out with a job stays valid (default 6 hours); a player
 *     that outlives it asks the job API for a fresh one
 * @param allowedOrigins browser origins allowed to fetch playback files cross-origin (hls.js, a web
 *     player on another origin), e.g. {@code https://app.example.com}; none by default
 * @param publicBaseUrl the scheme, host and port players reach the API on, e.g. {@code
 *     https://media.example.com}, when it differs from what the API sees (a proxy in front); by
 *     default taken from the request for the job
 */
@ConfigurationProperties("omnix.playback")
public record PlaybackProperties(Duration ttl, List<String> allowedOrigins, String publicBaseUrl) {
  public PlaybackProperties {
    ttl = ttl == null ? Duration.ofHours(6) : ttl;
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException(
          "omnix.playback.ttl must be between 1s and 7d, not " + ttl);
    }
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    if (allowedOrigins.contains("*")) {
      throw new IllegalArgumentException(
          "omnix.playback.allowed-origins lists origins; '*' would let any site embed every link");
    }
    publicBaseUrl =
        publicBaseUrl == null || publicBaseUrl.isBlank()
            ? null
            : publicBaseUrl.strip().replaceAll("/+$", "");
  }
}
