package ai.omnix.pipeline.media;

import ai.omnix.pipeline.core.job.handler.InputCopy;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * One attempt of a media job inside its {@link MediaJobHandler} frame: the source already copied
 * into the workspace and probed, and the steps every media job shares (guards, ffmpeg runs mapped
 * to the stable failure codes, probes of outputs, storage with lineage to the source). Used by the
 * handler's thread only.
 */
public final class MediaRun {
  private final JobExecution execution;
  private final String assetId;
  private final MediaWorkspace workspace;
  private final MediaToolkit toolkit;
  private final Path source;
  private final MediaInfo info;

  private MediaRun(
      JobExecution execution,
      String assetId,
      MediaWorkspace workspace,
      MediaToolkit toolkit,
      Path source,
      MediaInfo info) {
    this.execution = execution;
    this.assetId = assetId;
    this.workspace = workspace;
    this.toolkit = toolkit;
    this.source = source;
    this.info = info;
  }

  /** Copies the input asset into the workspace and probes it. */
  static MediaRun start(
      JobExecution execution, String assetId, MediaWorkspace workspace, MediaToolkit toolkit)
      throws IOException {
    JobAssets.InputAsset asset = execution.assets().describe(assetId);
    Path source = workspace.sourceFile(asset.contentType());
    InputCopy.toFile(execution, asset, source);
    MediaInfo info = toolkit.prober().probe(source, execution::onCancel);
    return new MediaRun(execution, assetId, workspace, toolkit, source, info);
  }

  /** A video with a positive duration, within the plan's longest source and the pixel limits. */
  public record TimedVideo(MediaInfo.Stream stream, double durationSeconds) {}

  public JobExecution execution() {
    return execution;
  }

  /** The input asset, the source of every output's lineage. */
  public String assetId() {
    return assetId;
  }

  /** The local copy of the input. */
  public Path source() {
    return source;
  }

  /** What the probe of the source found. */
  public MediaInfo info() {
    return info;
  }

  public MediaLimits limits() {
    return toolkit.limits();
  }

  /** A path in the workspace. */
  public Path file(String name) {
    return workspace.file(name);
  }

  /** A new directory in the workspace. */
  public Path directory(String name) throws IOException {
    return Files.createDirectories(workspace.file(name));
  }

  /**
   * @throws ai.omnix.pipeline.core.job.handler.JobFailedException {@code unsupported_media} for a
   *     still image, audio or a video without a duration; {@code media_too_long} or {@code
   *     media_too_large}
   */
  public TimedVideo requireTimedVideo() {
    MediaInfo.Stream video =
        info.firstVideo()
            .filter(v -> !info.isStillImage())
            .orElseThrow(
                () ->
                    MediaFailures.fail(
                        MediaFailures.UNSUPPORTED_MEDIA, "The file is not a video."));
    Double duration = info.durationSeconds();
    if (duration == null || duration <= 0) {
      throw MediaFailures.fail(MediaFailures.UNSUPPORTED_MEDIA, "The video states no duration.");
    }
    limits().requireDurationWithin(duration, execution.plan());
    limits().requireFrameWithin(video);
    return new TimedVideo(video, duration);
  }

  /** Stops a canceled job, then reports {@code percent}: a step is done. */
  public void reached(int percent) {
    execution.throwIfCanceled();
    execution.reportProgress(percent);
  }

  /**
   * A heavy ffmpeg run (it takes one of the process's heavy slots) without progress.
   *
   * @param what the step, for the failure message: "Render the thumbnail"
   */
  public void ffmpeg(String what, List<String> arguments, Duration timeout) throws IOException {
    execute(what, arguments, timeout, true, null, null);
  }

  /** A light ffmpeg run (no heavy slot) such as laying out decoded tiles. */
  public void ffmpegLight(String what, List<String> arguments, Duration timeout)
      throws IOException {
    execute(what, arguments, timeout, false, null, null);
  }

  /**
   * A heavy ffmpeg run whose {@code -progress} output moves the job's progress from 1 to {@code
   * ceiling} as it processes {@code mediaSeconds} of media. Progress never goes below 1 (reported
   * when the plan was made), so it never moves backwards.
   */
  public void ffmpegWithProgress(
      String what, List<String> arguments, Duration timeout, double mediaSeconds, int ceiling)
      throws IOException {
    execute(
        what,
        arguments,
        timeout,
        true,
        Duration.ofMillis(Math.round(mediaSeconds * 1000)),
        p -> execution.reportProgress(Math.max(1, p * ceiling / 99)));
  }

  private void execute(
      String what,
      List<String> arguments,
      Duration timeout,
      boolean heavy,
      Duration progressTotal,
      IntConsumer progress)
      throws IOException {
    MediaTool.Outcome outcome =
        toolkit
            .tool()
            .run(
                new MediaTool.Invocation(
                    arguments, timeout, heavy, progressTotal, progress, execution::onCancel));
    execution.throwIfCanceled();
    MediaFailures.requireSucceeded(outcome, timeout, workspace.directory(), what);
  }

  /** Probes a local file (an output, usually) within the probe timeout. */
  public MediaInfo probe(Path file) throws IOException {
    return toolkit.prober().probe(file, execution::onCancel);
  }

  /**
   * @throws ai.omnix.pipeline.core.job.handler.JobFailedException {@code media_transcode_failed}
   *     when ffmpeg left {@code file} missing or empty: "ffmpeg wrote no {@code what}."
   */
  public void requireWritten(Path file, String what) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) == 0) {
      throw MediaFailures.fail(MediaFailures.TRANSCODE_FAILED, "ffmpeg wrote no " + what + ".");
    }
  }

  /**
   * Probes a picture ffmpeg wrote.
   *
   * @throws ai.omnix.pipeline.core.job.handler.JobFailedException {@code media_transcode_failed}
   *     when it is missing, empty, or has no readable picture of known size
   */
  public MediaInfo.Stream requirePicture(Path file, String name) throws IOException {
    requireWritten(file, name);
    return probe(file)
        .firstVideo()
        .filter(v -> v.width() != null && v.height() != null)
        .orElseThrow(
            () ->
                MediaFailures.fail(
                    MediaFailures.TRANSCODE_FAILED, "ffmpeg wrote an unreadable " + name + "."));
  }

  /** Stores a workspace file as the output {@code name}, derived from the input asset. */
  public JobAssets.OutputAsset store(String name, Path file, String contentType)
      throws IOException {
    execution.throwIfCanceled();
    try (InputStream in = Files.newInputStream(file)) {
      return execution.assets().write(name, assetId, in, Files.size(file), contentType);
    }
  }

  /** Stores bytes built in memory (a playlist, a VTT, JSON) as the output {@code name}. */
  public JobAssets.OutputAsset store(String name, byte[] content, String contentType)
      throws IOException {
    execution.throwIfCanceled();
    return execution
        .assets()
        .write(name, assetId, new ByteArrayInputStream(content), content.length, contentType);
  }
}
