package ai.omnix.pipeline.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a local file's media facts with {@code ffmpeg -i} (headers only, nothing decoded), within
 * the probe timeout. Anything that is not recognisably audio, video or a still image fails with
 * {@code unsupported_media}. Thread-safe.
 */
public final class MediaProber {
  /**
   * Demuxers that accept nearly any bytes (text art, raw dumps) and so prove nothing about an
   * input.
   */
  private static final Set<String> PERMISSIVE_FORMATS =
      Set.of("bin", "tty", "xbin", "adf", "idf", "ansi", "data");

  private final MediaTool tool;
  private final MediaLimits limits;

  public MediaProber(MediaTool tool, MediaLimits limits) {
    this.tool = tool;
    this.limits = limits;
  }

  /**
   * The exact ffmpeg arguments of a probe. Only the {@code file} protocol may be opened (no
   * network, ever).
   */
  public static List<String> arguments(Path file) {
    List<String> a = new ArrayList<>(FfmpegPrelude.probe());
    a.addAll(List.of("-i", file.toAbsolutePath().toString()));
    return a;
  }

  /**
   * @throws ai.omnix.pipeline.core.job.handler.JobFailedException {@code unsupported_media} or
   *     {@code media_probe_failed}, neither retryable
   */
  public MediaInfo probe(Path file, Consumer<Runnable> onCancel) throws IOException {
    if (Files.size(file) == 0) {
      throw MediaFailures.fail(MediaFailures.UNSUPPORTED_MEDIA, "The file is empty.");
    }
    MediaTool.Outcome outcome =
        tool.run(
            new MediaTool.Invocation(
                arguments(file), limits.probeTimeout(), false, null, null, onCancel));
    if (outcome.timedOut()) {
      throw MediaFailures.fail(
          MediaFailures.PROBE_FAILED,
          "Reading the media's headers took longer than "
              + limits.probeTimeout().toSeconds()
              + " s.");
    }
    MediaInfo info =
        FfmpegInfoParser.parse(outcome.diagnostics())
            .orElseThrow(
                () ->
                    MediaFailures.fail(
                        MediaFailures.UNSUPPORTED_MEDIA,
                        "The file is not a recognised audio, video or image."));
    boolean hasMedia = info.streams().stream().anyMatch(s -> s.isVideo() || s.isAudio());
    boolean timed = info.durationSeconds() != null && info.durationSeconds() > 0;
    boolean stillImage = info.isStillImage();
    if (!hasMedia || PERMISSIVE_FORMATS.contains(info.formatNames()) || !(timed || stillImage)) {
      throw MediaFailures.fail(
          MediaFailures.UNSUPPORTED_MEDIA,
          "The file is not a recognised audio, video or image (format "
              + info.formatNames()
              + ").");
    }
    return info;
  }
}
