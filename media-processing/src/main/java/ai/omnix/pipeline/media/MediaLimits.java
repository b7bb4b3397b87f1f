package ai.omnix.pipeline.media;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds that file content cannot push a worker past, whatever the tenant's plan.
 *
 * @param probeTimeout hard limit on one probe (reading headers only: seconds, even for large files)
 * @param maxTranscodeTimeout the cap on a transcode's timeout, which otherwise scales with the duration
 * @param maxSourceDuration longer sources fail with {@code media_too_long}
 * @param maxSidePixels a wider or taller video fails with {@code media_too_large}
 * @param maxPixels a video with more pixels per frame fails with {@code media_too_large}
 */
public record MediaLimits(
    Duration probeTimeout,
    Duration maxTranscodeTimeout,
    Duration maxSourceDuration,
    int maxSidePixels,
    long maxPixels) {

  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_TRANSCODE_TIMEOUT = Duration.ofHours(6);
  public static final Duration DEFAULT_MAX_SOURCE_DURATION = Duration.ofHours(4);
  public static final int DEFAULT_MAX_SIDE_PIXELS = 16_384;
  public static final long DEFAULT_MAX_PIXELS = 1L << 26;

  public MediaLimits {
    Objects.requireNonNull(probeTimeout);
    Objects.requireNonNull(maxTranscodeTimeout);
    Objects.requireNonNull(maxSourceDuration);
  }

  public static MediaLimits defaults() {
    return new MediaLimits(DEFAULT_PROBE_TIMEOUT, DEFAULT_MAX_TRANSCODE_TIMEOUT, DEFAULT_MAX_SOURCE_DURATION,
        DEFAULT_MAX_SIDE_PIXELS, DEFAULT_MAX_PIXELS);
  }

  /** The hard timeout of a transcode that processes {@code mediaSeconds} of media: 10 × duration + 60 s, capped. */
  public Duration transcodeTimeout(double mediaSeconds) {
    Duration scaled = Duration.ofSeconds(60).plusMillis((long) Math.ceil(Math.max(0, mediaSeconds) * 10_000));
    return scaled.compareTo(maxTranscodeTimeout) > 0 ? maxTranscodeTimeout : scaled;
  }
}
