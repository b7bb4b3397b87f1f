package ai.omnix.pipeline.media.transcode;

import ai.omnix.pipeline.media.MediaFailures;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.transcode.TranscodePreset.Container;

/**
 * A request resolved against the probed source: the output height (never above the source's unless asked, always
 * even), the frame-rate cap when it applies, the trim and how much media the run will process.
 *
 * @param fps the output frame rate, or null to keep the source's
 * @param startSeconds input seek, or null
 * @param durationSeconds output length limit ({@code -t}), or null to run to the end
 * @param expectedSeconds how much media the output will hold, for progress and the timeout
 */
public record TranscodePlan(
    Container container,
    int outputHeight,
    int videoBitrateKbps,
    Double fps,
    Double startSeconds,
    Double durationSeconds,
    double expectedSeconds,
    boolean withAudio) {

  /**
   * @throws ai.omnix.pipeline.core.job.handler.JobFailedException {@code unsupported_media} (no timed video),
   *     {@code media_too_long}, {@code media_too_large} or {@code invalid_trim}; none retryable
   */
  public static TranscodePlan of(TranscodeRequest request, MediaInfo source, MediaLimits limits) {
    MediaInfo.Stream video = source.firstVideo().orElseThrow(() ->
        MediaFailures.fail(MediaFailures.UNSUPPORTED_MEDIA, "The file has no video stream."));
    Double duration = source.durationSeconds();
    if (duration == null || duration <= 0) {
      throw MediaFailures.fail(MediaFailures.UNSUPPORTED_MEDIA,
          "The file is not a video with a duration (format " + source.formatNames() + ").");
    }
    limits.requireDurationWithin(duration);
    for (MediaInfo.Stream s : source.streams()) {
      if (s.isVideo()) {
        limits.requireFrameWithin(s);
      }
    }
    double start = request.startSeconds() == null ? 0 : request.startSeconds();
    if (start >= duration) {
      throw MediaFailures.fail(MediaFailures.INVALID_TRIM,
          "start_s " + start + " is not before the end of the " + duration + " s video.");
    }
    double end = request.endSeconds() == null ? duration : Math.min(request.endSeconds(), duration);
    Double limit = request.endSeconds() == null ? null : request.endSeconds() - start;
    int height = request.allowUpscale() ? request.height() : Math.min(request.height(), video.displayHeight());
    height = Math.max(2, height & ~1);
    Double fps = video.frameRate() != null && video.frameRate() > request.fpsMax() ? request.fpsMax() : null;
    return new TranscodePlan(request.container(), height, request.videoBitrateKbps(), fps,
        request.startSeconds(), limit, end - start, source.firstAudio().isPresent());
  }
}
