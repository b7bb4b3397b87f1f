package ai.omnix.pipeline.media.transcode;

import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.media.MediaFailures;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.transcode.TranscodePreset.Container;

/**
 * A request resolved against the probed source: the output height (never above the source's unless
 * asked, always even), the crop, the frame-rate cap when it applies, the trim and how much media
 * the run will process.
 *
 * @param crop the rectangle kept before scaling, or null
 * @param fps the output frame rate, or null to keep the source's
 * @param startSeconds input seek, or null
 * @param durationSeconds output length limit ({@code -t}), or null to run to the end
 * @param expectedSeconds how much media the output will hold, for progress and the timeout
 */
public record TranscodePlan(
    Container container,
    TranscodeRequest.Crop crop,
    int outputHeight,
    int videoBitrateKbps,
    Double fps,
    Double startSeconds,
    Double durationSeconds,
    double expectedSeconds,
    boolean withAudio) {

  /**
   * For a tool without a tenant (a benchmark): the source duration is checked against the smallest
   * plan limit.
   *
   * @see #of(TranscodeRequest, MediaInfo, MediaLimits, Plan)
   */
  public static TranscodePlan of(TranscodeRequest request, MediaInfo source, MediaLimits limits) {
    return of(request, source, limits, null);
  }

  /**
   * @param plan the tenant's plan, for the longest source it may transcode
   * @throws ai.omnix.pipeline.core.job.handler.JobFailedException {@code unsupported_media} (no
   *     timed video), {@code media_too_long}, {@code media_too_large}, {@code invalid_trim} or
   *     {@code invalid_crop} (the crop rectangle does not fit inside the upright source); none
   *     retryable
   */
  public static TranscodePlan of(
      TranscodeRequest request, MediaInfo source, MediaLimits limits, Plan plan) {
    MediaInfo.Stream video =
        source
            .firstVideo()
            .orElseThrow(
                () ->
                    MediaFailures.fail(
                        MediaFailures.UNSUPPORTED_MEDIA, "The file has no video stream."));
    Double duration = source.durationSeconds();
    if (duration == null || duration <= 0) {
      throw MediaFailures.fail(
          MediaFailures.UNSUPPORTED_MEDIA,
          "The file is not a video with a duration (format " + source.formatNames() + ").");
    }
    limits.requireDurationWithin(duration, plan);
    for (MediaInfo.Stream s : source.streams()) {
      if (s.isVideo()) {
        limits.requireFrameWithin(s);
      }
    }
    double start = request.startSeconds() == null ? 0 : request.startSeconds();
    if (start >= duration) {
      throw MediaFailures.fail(
          MediaFailures.INVALID_TRIM,
          "start_s " + start + " is not before the end of the " + duration + " s video.");
    }
    double end = request.endSeconds() == null ? duration : Math.min(request.endSeconds(), duration);
    Double limit = request.endSeconds() == null ? null : request.endSeconds() - start;
    TranscodeRequest.Crop crop = request.crop();
    if (crop != null
        && ((long) crop.x() + crop.width() > video.displayWidth()
            || (long) crop.y() + crop.height() > video.displayHeight())) {
      throw MediaFailures.fail(
          MediaFailures.INVALID_CROP,
          "The crop "
              + crop
              + " does not fit inside the "
              + video.displayWidth()
              + "x"
              + video.displayHeight()
              + " video.");
    }
    int sourceHeight = crop == null ? video.displayHeight() : crop.height();
    int height =
        request.allowUpscale() ? request.height() : Math.min(request.height(), sourceHeight);
    height = Math.max(2, height & ~1);
    Double fps =
        video.frameRate() != null && video.frameRate() > request.fpsMax() ? request.fpsMax() : null;
    return new TranscodePlan(
        request.container(),
        crop,
        height,
        request.videoBitrateKbps(),
        fps,
        request.startSeconds(),
        limit,
        end - start,
        source.firstAudio().isPresent());
  }
}
