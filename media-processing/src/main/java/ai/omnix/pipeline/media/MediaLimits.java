package ai.omnix.pipeline.media;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds that file content cannot push a worker past, whatever the tenant's plan.
 *
 * @param probeTimeout hard limit on one probe (reading headers only: seconds, even for large files)
 * @param maxTranscodeTimeout the cap on a transcode's timeout, which otherwise scales with the duration
 * @param maxSourceDuration longer sources fail with {@code media_too_long}
 * @param maxSidePixels a wider or taller picture or video fails with {@code media_too_large}
 * @param maxPixels the pixel-flood guard: a picture, or a video frame, with more pixels fails with
 *     {@code media_too_large} before anything is decoded (and ffmpeg's decoders get the same {@code -max_pixels})
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

  /** @throws ai.omnix.pipeline.core.job.handler.JobFailedException {@code media_too_long}, not retryable */
  public void requireDurationWithin(double seconds) {
    if (seconds > maxSourceDuration.toSeconds()) {
      throw MediaFailures.fail(MediaFailures.TOO_LONG, "The media lasts " + Math.round(seconds)
          + " s; at most " + maxSourceDuration.toSeconds() + " s can be processed.");
    }
  }

  /**
   * The pixel-flood guard, applied to the dimensions the headers state, before anything is decoded.
   *
   * @throws ai.omnix.pipeline.core.job.handler.JobFailedException {@code unsupported_media} when the dimensions are
   *     unknown, {@code media_too_large} when a side or the pixel count is over the limit; neither retryable
   */
  public void requireFrameWithin(MediaInfo.Stream video) {
    if (video.width() == null || video.height() == null || video.width() <= 0 || video.height() <= 0) {
      throw MediaFailures.fail(MediaFailures.UNSUPPORTED_MEDIA, "The picture's dimensions are unknown.");
    }
    if (video.width() > maxSidePixels || video.height() > maxSidePixels
        || (long) video.width() * video.height() > maxPixels) {
      throw MediaFailures.fail(MediaFailures.TOO_LARGE, "The picture is " + video.width() + "x" + video.height()
          + "; at most " + maxSidePixels + " px a side and " + maxPixels + " px in all.");
    }
  }

  /** The hard timeout of a transcode that processes {@code mediaSeconds} of media: 10 × duration + 60 s, capped. */
  public Duration transcodeTimeout(double mediaSeconds) {
    Duration scaled = Duration.ofSeconds(60).plusMillis((long) Math.ceil(Math.max(0, mediaSeconds) * 10_000));
    return scaled.compareTo(maxTranscodeTimeout) > 0 ? maxTranscodeTimeout : scaled;
  }
}
