package ai.omnix.pipeline.media.autoconfigure;

import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.media.MediaLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code omnix.media.*}. Every value has a default.
 *
 * @param maxConcurrentFfmpeg heavy ffmpeg processes at once in this process; default max(1, cores /
 *     2)
 * @param workDir where jobs' private workspaces are created; default {@code
 *     ${java.io.tmpdir}/omnix-media}
 * @param probeTimeout default 30 s
 * @param maxTranscodeTimeout the cap on the duration-scaled transcode timeout; default 6 h
 * @param maxSourceDuration per plan, such as {@code omnix.media.max-source-duration.free=10m}: a
 *     longer source fails with {@code media_too_long}; a plan left out keeps its default (free 10
 *     min, student 30 min, pro 2 h, team 4 h, enterprise 8 h)
 * @param maxPixels pixel-flood guard: a picture or video frame with more pixels fails with {@code
 *     media_too_large}; default 2^26 (67 Mpx)
 * @param maxSidePixels a wider or taller picture fails with {@code media_too_large}; default 16384
 */
@ConfigurationProperties("omnix.media")
public record MediaProperties(
    Integer maxConcurrentFfmpeg,
    Path workDir,
    Duration probeTimeout,
    Duration maxTranscodeTimeout,
    Map<Plan, Duration> maxSourceDuration,
    Long maxPixels,
    Integer maxSidePixels) {

  public MediaProperties {
    if (maxConcurrentFfmpeg == null) {
      maxConcurrentFfmpeg = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
    if (maxConcurrentFfmpeg < 1) {
      throw new IllegalArgumentException("omnix.media.max-concurrent-ffmpeg must be at least 1");
    }
    if (workDir == null) {
      workDir = Path.of(System.getProperty("java.io.tmpdir"), "omnix-media");
    }
    probeTimeout = probeTimeout == null ? MediaLimits.DEFAULT_PROBE_TIMEOUT : probeTimeout;
    maxTranscodeTimeout =
        maxTranscodeTimeout == null
            ? MediaLimits.DEFAULT_MAX_TRANSCODE_TIMEOUT
            : maxTranscodeTimeout;
    maxPixels = maxPixels == null ? MediaLimits.DEFAULT_MAX_PIXELS : maxPixels;
    maxSidePixels = maxSidePixels == null ? MediaLimits.DEFAULT_MAX_SIDE_PIXELS : maxSidePixels;
    if (maxPixels < 1 || maxSidePixels < 1) {
      throw new IllegalArgumentException(
          "omnix.media.max-pixels and max-side-pixels must be at least 1");
    }
    // Every plan present, the defaults filled in (and each value checked) by MediaLimits.
    maxSourceDuration =
        new MediaLimits(
                probeTimeout, maxTranscodeTimeout, maxSourceDuration, maxSidePixels, maxPixels)
            .maxSourceDuration();
  }

  public MediaLimits limits() {
    return new MediaLimits(
        probeTimeout, maxTranscodeTimeout, maxSourceDuration, maxSidePixels, maxPixels);
  }
}
