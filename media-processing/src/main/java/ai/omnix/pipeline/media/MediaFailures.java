package ai.omnix.pipeline.media;

import ai.omnix.pipeline.core.job.handler.JobFailedException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The stable failure codes of media jobs. None is retryable: the same bytes fail the same way
 * again.
 */
public final class MediaFailures {
  public static final String UNSUPPORTED_MEDIA = "unsupported_media";
  public static final String PROBE_FAILED = "media_probe_failed";
  public static final String TOO_LONG = "media_too_long";
  public static final String TOO_LARGE = "media_too_large";
  public static final String INVALID_TRIM = "invalid_trim";
  public static final String INVALID_CROP = "invalid_crop";
  public static final String TIMEOUT = "media_timeout";
  public static final String TRANSCODE_FAILED = "media_transcode_failed";

  private MediaFailures() {}

  public static JobFailedException fail(String code, String message) {
    return new JobFailedException(code, message, false);
  }

  /**
   * Maps a finished ffmpeg run to the stable codes: {@code media_timeout} when it was killed at its
   * timeout, {@code media_transcode_failed} (for every kind of rendering: renditions, posters,
   * sprites, HLS) when it exited with an error. The message quotes ffmpeg's last line with the
   * workspace's path removed.
   */
  public static void requireSucceeded(
      MediaTool.Outcome outcome, Duration timeout, Path workspace, String what) {
    if (outcome.timedOut()) {
      throw fail(TIMEOUT, what + " did not finish within " + timeout.toSeconds() + " s.");
    }
    if (!outcome.succeeded()) {
      throw fail(
          TRANSCODE_FAILED,
          "ffmpeg could not "
              + what.toLowerCase(java.util.Locale.ROOT)
              + ": "
              + lastLine(outcome.diagnostics()).replace(workspace + "/", ""));
    }
  }

  static String lastLine(String diagnostics) {
    String trimmed = diagnostics.strip();
    int nl = trimmed.lastIndexOf('\n');
    String last = nl < 0 ? trimmed : trimmed.substring(nl + 1);
    return last.length() > 300 ? last.substring(0, 300) : last;
  }
}
