package ai.omnix.pipeline.media;

import ai.omnix.pipeline.core.job.handler.JobFailedException;

/** The stable failure codes of media jobs. None is retryable: the same bytes fail the same way again. */
public final class MediaFailures {
  public static final String UNSUPPORTED_MEDIA = "unsupported_media";
  public static final String PROBE_FAILED = "media_probe_failed";
  public static final String TOO_LONG = "media_too_long";
  public static final String TOO_LARGE = "media_too_large";
  public static final String INVALID_TRIM = "invalid_trim";
  public static final String TIMEOUT = "media_timeout";
  public static final String TRANSCODE_FAILED = "media_transcode_failed";

  private MediaFailures() {}

  public static JobFailedException fail(String code, String message) {
    return new JobFailedException(code, message, false);
  }
}
