package ai.omnix.pipeline.media.thumbnail;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.media.Dimensions;
import ai.omnix.pipeline.media.MediaFailures;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaJobHandler;
import ai.omnix.pipeline.media.MediaRun;
import ai.omnix.pipeline.media.MediaToolkit;
import ai.omnix.pipeline.media.thumbnail.ThumbnailCommand.Rendition;
import ai.omnix.pipeline.media.thumbnail.ThumbnailRequest.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link ThumbnailJobType} in the {@link MediaJobHandler} frame: applies the pixel-flood guard
 * to the stated dimensions, then renders a video's poster or an image's thumbnails with one ffmpeg
 * run (a second, plain one when every frame of the smart window is black), probes each output and
 * stores it.
 */
public final class ThumbnailJobHandler extends MediaJobHandler {
  public static final String POSTER_NAME = "poster.jpg";

  public ThumbnailJobHandler(MediaToolkit toolkit) {
    super(toolkit);
  }

  @Override
  public String type() {
    return ThumbnailJobType.NAME;
  }

  @Override
  protected JobResult process(MediaRun run) throws Exception {
    ThumbnailRequest request = ThumbnailRequest.fromParams(run.execution().params());
    MediaInfo info = run.info();
    MediaInfo.Stream video =
        info.firstVideo()
            .orElseThrow(
                () ->
                    MediaFailures.fail(
                        MediaFailures.UNSUPPORTED_MEDIA, "The file has no picture (audio only)."));
    run.limits().requireFrameWithin(video);
    run.reached(10);
    List<Produced> produced =
        info.isStillImage()
            ? images(run, request, Dimensions.of(video))
            : List.of(poster(run, request, Dimensions.of(video)));
    List<String> ids = new ArrayList<>();
    List<Map<String, Object>> listed = new ArrayList<>();
    for (Produced p : produced) {
      JobAssets.OutputAsset stored = run.store(p.name(), p.file(), p.format().contentType());
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
    run.execution().reportProgress(100);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("source", info.isStillImage() ? "image" : "video");
    summary.put("thumbnails", listed);
    return new JobResult(ids, summary);
  }

  private Produced poster(MediaRun run, ThumbnailRequest request, Dimensions source)
      throws IOException {
    Double duration = run.info().durationSeconds();
    if (duration == null || duration <= 0) {
      throw MediaFailures.fail(MediaFailures.UNSUPPORTED_MEDIA, "The video states no duration.");
    }
    run.limits().requireDurationWithin(duration, run.execution().plan());
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
    Path target = run.file(POSTER_NAME);
    long maxPixels = run.limits().maxPixels();
    if (request.timeSeconds() != null) {
      render(
          run,
          ThumbnailCommand.poster(run.source(), request.timeSeconds(), size, maxPixels, target),
          1);
    } else {
      double window = Math.min(duration, ThumbnailCommand.SMART_WINDOW_S);
      render(
          run, ThumbnailCommand.smartPoster(run.source(), window, size, maxPixels, target), window);
      if (!Files.isRegularFile(target) || Files.size(target) == 0) {
        // Every frame of the window was black (a dark scene, or a long fade-in): fall back to the
        // first frame.
        run.execution().reportProgress(50);
        render(run, ThumbnailCommand.poster(run.source(), 0, size, maxPixels, target), 1);
      }
    }
    run.execution().reportProgress(80);
    return verified(run, new Produced(POSTER_NAME, Format.JPEG, size, target));
  }

  private List<Produced> images(MediaRun run, ThumbnailRequest request, Dimensions source)
      throws IOException {
    List<Rendition> renditions = new ArrayList<>();
    for (int width : request.sizes()) {
      // A size above the source's width gives the source's width (never upscaled); the name keeps
      // the request.
      Dimensions size = source.fitWithin(width, ThumbnailRequest.MAX_SIZE);
      for (Format format : request.formats()) {
        String name = "thumb-" + width + "." + format.extension();
        renditions.add(new Rendition(name, format, size, run.file(name)));
      }
    }
    render(run, ThumbnailCommand.images(run.source(), renditions, run.limits().maxPixels()), 1);
    run.execution().reportProgress(70);
    List<Produced> produced = new ArrayList<>();
    for (Rendition r : renditions) {
      produced.add(verified(run, new Produced(r.name(), r.format(), r.size(), r.target())));
    }
    return produced;
  }

  private static void render(MediaRun run, List<String> arguments, double mediaSeconds)
      throws IOException {
    run.ffmpeg("Render the thumbnail", arguments, run.limits().transcodeTimeout(mediaSeconds));
  }

  /** Probes an output: it must exist and be a picture; its probed size is what is reported. */
  private static Produced verified(MediaRun run, Produced p) throws IOException {
    MediaInfo.Stream out = run.requirePicture(p.file(), p.name());
    return new Produced(p.name(), p.format(), new Dimensions(out.width(), out.height()), p.file());
  }

  private record Produced(String name, Format format, Dimensions size, Path file) {}
}
