package ai.omnix.pipeline.media;

import ai.omnix.pipeline.core.tenant.Plan;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Bounds that file content cannot push a worker past, whatever the tenant's plan.
 *
 * @param probeTimeout hard limit on one probe (reading headers only: seconds, even for large files)
 * @param maxTranscodeTimeout the cap on a transcode's timeout, which otherwise scales with the
 *     duration
 * @param maxSourceDuration per plan: a longer source fails with {@code media_too_long}. Every plan
 *     has a value: a plan the map leaves out gets its {@link #DEFAULT_MAX_SOURCE_DURATION default}
 * @param maxSidePixels a wider or taller picture or video fails with {@code media_too_large}
 * @param maxPixels the pixel-flood guard: a picture, or a video frame, with more pixels fails with
 *     {@code media_too_large} before anything is decoded (and ffmpeg's decoders get the same {@code
 *     -max_pixels})
 */
public record MediaLimits(
    Duration probeTimeout,
    Duration maxTranscodeTimeout,
    Map<Plan, Duration> maxSourceDuration,
    int maxSidePixels,
    long maxPixels) {

  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_TRANSCODE_TIMEOUT = Duration.ofHours(6);

  /** The longest source each plan may process, unless configured otherwise. */
  public static final Map<Plan, Duration> DEFAULT_MAX_SOURCE_DURATION =
      Collections.unmodifiableMap(
          new EnumMap<>(
              Map.of(
                  Plan.FREE, Duration.ofMinutes(10),
                  Plan.STUDENT, Duration.ofMinutes(30),
                  Plan.PRO, Duration.ofHours(2),
                  Plan.TEAM, Duration.ofHours(4),
                  Plan.ENTERPRISE, Duration.ofHours(8))));

  public static final int DEFAULT_MAX_SIDE_PIXELS = 16_384;
  public static final long DEFAULT_MAX_PIXELS = 1L << 26;

  public MediaLimits {
    Objects.requireNonNull(probeTimeout);
    Objects.requireNonNull(maxTranscodeTimeout);
    Map<Plan, Duration> perPlan = new EnumMap<>(DEFAULT_MAX_SOURCE_DURATION);
    if (maxSourceDuration != null) {
      maxSourceDuration.forEach(
          (plan, limit) ->
              perPlan.put(
                  Objects.requireNonNull(plan),
                  Objects.requireNonNull(limit, () -> "no max source duration for " + plan)));
    }
    perPlan
        .values()
        .forEach(
            limit -> {
              if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException(
                    "a max source duration must be positive: " + limit);
              }
            });
    maxSourceDuration = Collections.unmodifiableMap(perPlan);
  }

  /** The same longest source for every plan (tests, tools). */
  public MediaLimits(
      Duration probeTimeout,
      Duration maxTranscodeTimeout,
      Duration maxSourceDurationForEveryPlan,
      int maxSidePixels,
      long maxPixels) {
    this(
        probeTimeout,
        maxTranscodeTimeout,
        everyPlan(maxSourceDurationForEveryPlan),
        maxSidePixels,
        maxPixels);
  }

  private static Map<Plan, Duration> everyPlan(Duration limit) {
    Objects.requireNonNull(limit);
    Map<Plan, Duration> m = new EnumMap<>(Plan.class);
    for (Plan plan : Plan.values()) {
      m.put(plan, limit);
    }
    return m;
  }

  /**
   * The longest source {@code plan} may process. An unknown plan (null) gets the smallest limit of
   * all plans: a missing plan must never lift the limit.
   */
  public Duration maxSourceDuration(Plan plan) {
    if (plan == null) {
      return maxSourceDuration.values().stream().min(Duration::compareTo).orElseThrow();
    }
    return maxSourceDuration.get(plan);
  }

  public static MediaLimits defaults() {
    return new MediaLimits(
        DEFAULT_PROBE_TIMEOUT,
        DEFAULT_MAX_TRANSCODE_TIMEOUT,
        DEFAULT_MAX_SOURCE_DURATION,
        DEFAULT_MAX_SIDE_PIXELS,
        DEFAULT_MAX_PIXELS);
  }

  /**
   * @throws ai.omnix.pipeline.core.job.handler.JobFailedException {@code media_too_long}, not
   *     retryable, when the source is longer than {@code plan}'s limit; the message names the plan
   *     and its limit
   */
  public void requireDurationWithin(double seconds, Plan plan) {
    Duration limit = maxSourceDuration(plan);
    if (seconds > limit.toMillis() / 1000.0) {
      String planName = plan == null ? "current" : plan.wireName();
      throw MediaFailures.fail(
          MediaFailures.TOO_LONG,
          "The media lasts "
              + readable(Math.round(seconds))
              + "; the "
              + planName
              + " plan processes media of at most "
              + readable(limit.toSeconds())
              + ".");
    }
  }

  /** {@code 45 s}, {@code 10 min}, {@code 2 h}, {@code 1 h 30 min}, {@code 10 min 5 s}. */
  static String readable(long seconds) {
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    StringBuilder b = new StringBuilder();
    if (h > 0) {
      b.append(h).append(" h");
    }
    if (m > 0) {
      b.append(b.isEmpty() ? "" : " ").append(m).append(" min");
    }
    if (s > 0 || b.isEmpty()) {
      b.append(b.isEmpty() ? "" : " ").append(s).append(" s");
    }
    return b.toString();
  }

  /**
   * The pixel-flood guard, applied to the dimensions the headers state, before anything is decoded.
   *
   * @throws ai.omnix.pipeline.core.job.handler.JobFailedException {@code unsupported_media} when
   *     the dimensions are unknown, {@code media_too_large} when a side or the pixel count is over
   *     the limit; neither retryable
   */
  public void requireFrameWithin(MediaInfo.Stream video) {
    if (video.width() == null
        || video.height() == null
        || video.width() <= 0
        || video.height() <= 0) {
      throw MediaFailures.fail(
          MediaFailures.UNSUPPORTED_MEDIA, "The picture's dimensions are unknown.");
    }
    if (video.width() > maxSidePixels
        || video.height() > maxSidePixels
        || (long) video.width() * video.height() > maxPixels) {
      throw MediaFailures.fail(
          MediaFailures.TOO_LARGE,
          "The picture is "
              + video.width()
              + "x"
              + video.height()
              + "; at most "
              + maxSidePixels
              + " px a side and "
              + maxPixels
              + " px in all.");
    }
  }

  /**
   * The hard timeout of a transcode that processes {@code mediaSeconds} of media: 10 × duration +
   * 60 s, capped.
   */
  public Duration transcodeTimeout(double mediaSeconds) {
    Duration scaled =
        Duration.ofSeconds(60).plusMillis((long) Math.ceil(Math.max(0, mediaSeconds) * 10_000));
    return scaled.compareTo(maxTranscodeTimeout) > 0 ? maxTranscodeTimeout : scaled;
  }
}
