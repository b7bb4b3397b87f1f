package ai.omnix.pipeline.media.thumbnail;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.media.Dimensions;
import ai.omnix.pipeline.media.MediaFailures;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.MediaProber;
import ai.omnix.pipeline.media.MediaTool;
import ai.omnix.pipeline.media.MediaWorkspace;
import ai.omnix.pipeline.media.SourceDownload;
import ai.omnix.pipeline.media.thumbnail.ThumbnailCommand.Rendition;
import ai.omnix.pipeline.media.thumbnail.ThumbnailRequest.Format;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link ThumbnailJobType}: copies the source into a private workspace, probes it, applies the
 * pixel-flood guard to the stated dimensions, then renders a video's poster or an image's
 * thumbnails with one ffmpeg run (a second, plain one when every frame of the smart window is
 * black), probes each output and stores it.
 */
public final class ThumbnailJobHandler implements JobHandler {
  public static final String POSTER_NAME = "poster.jpg";
  private final MediaTool tool;
  private final MediaProber prober;
  private final MediaLimits limits;
  private final Path workRoot;

  public ThumbnailJobHandler(
      MediaTool tool, MediaProber prober, MediaLimits limits, Path workRoot) {
    this.tool = tool;
    this.prober = prober;
    this.limits = limits;
    this.workRoot = workRoot;
  }

  @Override
  public String type() {
    return ThumbnailJobType.NAME;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    String assetId = execution.input().assetIds().get(0);
    ThumbnailRequest request = ThumbnailRequest.fromParams(execution.params());
    try (MediaWorkspace workspace = MediaWorkspace.create(workRoot)) {
      Path source = SourceDownload.fetchInto(execution, assetId, workspace);
      MediaInfo info = prober.probe(source, execution::onCancel);
      MediaInfo.Stream video =
          info.firstVideo()
              .orElseThrow(
                  () ->
                      MediaFailures.fail(
                          MediaFailures.UNSUPPORTED_MEDIA,
                          "The file has no picture (audio only)."));
      limits.requireFrameWithin(video);
      execution.throwIfCanceled();
      execution.reportProgress(10);
      List<Produced> produced =
          info.isStillImage()
              ? images(execution, request, Dimensions.of(video), source, workspace)
              : List.of(poster(execution, request, info, Dimensions.of(video), source, workspace));
      List<String> ids = new ArrayList<>();
      List<Map<String, Object>> listed = new ArrayList<>();
      for (Produced p : produced) {
        execution.throwIfCanceled();
        JobAssets.OutputAsset stored;
        try (InputStream in = Files.newInputStream(p.file())) {
          stored =
              execution
                  .assets()
                  .write(p.name(), assetId, in, Files.size(p.file()), p.format().contentType());
        }
        ids.add(stored.id());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("asset_id", stored.id());
        entry.put("name", stored.name());
        entry.put("format", p.format().wireName());
        entry.put("width", p.size().width());
        entry.put("height", p.size().height());
        entry.put("size", stored.size());
        listed.add(entry);
      }
      execution.reportProgress(100);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("source", info.isStillImage() ? "image" : "video");
      summary.put("thumbnails", listed);
      return new JobResult(ids, summary);
    }
  }

  private Produced poster(
      JobExecution execution,
      ThumbnailRequest request,
      MediaInfo info,
      Dimensions source,
      Path file,
      MediaWorkspace workspace)
      throws IOException {
    Double duration = info.durationSeconds();
    if (duration == null || duration <= 0) {
      throw MediaFailures.fail(MediaFailures.UNSUPPORTED_MEDIA, "The video states no duration.");
    }
    limits.requireDurationWithin(duration, execution.plan());
    if (request.timeSeconds() != null && request.timeSeconds() >= duration) {
      throw MediaFailures.fail(
          MediaFailures.INVALID_TRIM,
          "time_s "
              + request.timeSeconds()
              + " is not before the end of the "
              + duration
              + " s video.");
    }
    Dimensions size = source.fitWithin(request.maxWidth(), request.maxHeight());
    Path target = workspace.file(POSTER_NAME);
    if (request.timeSeconds() != null) {
      run(
          execution,
          ThumbnailCommand.poster(file, request.timeSeconds(), size, limits.maxPixels(), target),
          1,
          workspace);
    } else {
      double window = Math.min(duration, ThumbnailCommand.SMART_WINDOW_S);
      run(
          execution,
          ThumbnailCommand.smartPoster(file, window, size, limits.maxPixels(), target),
          window,
          workspace);
      if (!Files.isRegularFile(target) || Files.size(target) == 0) {
        // Every frame of the window was black (a dark scene, or a long fade-in): fall back to the
        // first frame.
        execution.reportProgress(50);
        run(
            execution,
            ThumbnailCommand.poster(file, 0, size, limits.maxPixels(), target),
            1,
            workspace);
      }
    }
    execution.reportProgress(80);
    return verified(execution, new Produced(POSTER_NAME, Format.JPEG, size, target));
  }

  private List<Produced> images(
      JobExecution execution,
      ThumbnailRequest request,
      Dimensions source,
      Path file,
      MediaWorkspace workspace)
      throws IOException {
    List<Rendition> renditions = new ArrayList<>();
    for (int width : request.sizes()) {
      // A size above the source's width gives the source's width (never upscaled); the name keeps
      // the request.
      Dimensions size = source.fitWithin(width, ThumbnailRequest.MAX_SIZE);
      for (Format format : request.formats()) {
        String name = "thumb-" + width + "." + format.extension();
        renditions.add(new Rendition(name, format, size, workspace.file(name)));
      }
    }
    run(execution, ThumbnailCommand.images(file, renditions, limits.maxPixels()), 1, workspace);
    execution.reportProgress(70);
    List<Produced> produced = new ArrayList<>();
    for (Rendition r : renditions) {
      produced.add(verified(execution, new Produced(r.name(), r.format(), r.size(), r.target())));
    }
    return produced;
  }

  private void run(
      JobExecution execution, List<String> arguments, double mediaSeconds, MediaWorkspace workspace)
      throws IOException {
    Duration timeout = limits.transcodeTimeout(mediaSeconds);
    MediaTool.Outcome outcome =
        tool.run(
            new MediaTool.Invocation(arguments, timeout, true, null, null, execution::onCancel));
    execution.throwIfCanceled();
    MediaFailures.requireSucceeded(outcome, timeout, workspace.directory(), "Render the thumbnail");
  }

  /** Probes an output: it must exist and be a picture of the planned size. */
  private Produced verified(JobExecution execution, Produced p) throws IOException {
    if (!Files.isRegularFile(p.file()) || Files.size(p.file()) == 0) {
      throw MediaFailures.fail(MediaFailures.TRANSCODE_FAILED, "ffmpeg wrote no " + p.name() + ".");
    }
    MediaInfo.Stream out =
        prober
            .probe(p.file(), execution::onCancel)
            .firstVideo()
            .orElseThrow(
                () ->
                    MediaFailures.fail(
                        MediaFailures.TRANSCODE_FAILED,
                        "ffmpeg wrote an unreadable " + p.name() + "."));
    if (out.width() == null || out.height() == null) {
      throw MediaFailures.fail(
          MediaFailures.TRANSCODE_FAILED, "ffmpeg wrote an unreadable " + p.name() + ".");
    }
    return new Produced(p.name(), p.format(), new Dimensions(out.width(), out.height()), p.file());
  }

  private record Produced(String name, Format format, Dimensions size, Path file) {}
}
