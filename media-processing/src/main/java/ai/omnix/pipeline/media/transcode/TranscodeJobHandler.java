package ai.omnix.pipeline.media.transcode;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.media.MediaFailures;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaLimits;
import ai.omnix.pipeline.media.MediaProber;
import ai.omnix.pipeline.media.MediaTool;
import ai.omnix.pipeline.media.MediaWorkspace;
import ai.omnix.pipeline.media.SourceDownload;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link TranscodeJobType}: copies the source into a private workspace, probes it, refuses
 * what it must not process (too long for the tenant's plan, too large, not a video, trim or crop
 * outside it), runs one heavy ffmpeg with a timeout scaled by the duration, probes the output and
 * stores it as {@code rendition.<ext>} derived from the source.
 */
public final class TranscodeJobHandler implements JobHandler {
  private final MediaTool tool;
  private final MediaProber prober;
  private final MediaLimits limits;
  private final Path workRoot;

  public TranscodeJobHandler(
      MediaTool tool, MediaProber prober, MediaLimits limits, Path workRoot) {
    this.tool = tool;
    this.prober = prober;
    this.limits = limits;
    this.workRoot = workRoot;
  }

  @Override
  public String type() {
    return TranscodeJobType.NAME;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    String assetId = execution.input().assetIds().get(0);
    TranscodeRequest request = TranscodeRequest.fromParams(execution.params());
    try (MediaWorkspace workspace = MediaWorkspace.create(workRoot)) {
      Path source = SourceDownload.fetchInto(execution, assetId, workspace);
      MediaInfo sourceInfo = prober.probe(source, execution::onCancel);
      TranscodePlan plan = TranscodePlan.of(request, sourceInfo, limits, execution.plan());
      execution.throwIfCanceled();
      execution.reportProgress(1);
      String name = "rendition." + plan.container().extension();
      Path target = workspace.file(name);
      Duration timeout = limits.transcodeTimeout(plan.expectedSeconds());
      MediaTool.Outcome outcome =
          tool.run(
              new MediaTool.Invocation(
                  TranscodeCommand.arguments(plan, source, target),
                  timeout,
                  true,
                  Duration.ofMillis(Math.round(plan.expectedSeconds() * 1000)),
                  execution::reportProgress,
                  execution::onCancel));
      execution.throwIfCanceled();
      MediaFailures.requireSucceeded(outcome, timeout, workspace.directory(), "Transcode the file");
      if (!Files.isRegularFile(target) || Files.size(target) == 0) {
        throw MediaFailures.fail(MediaFailures.TRANSCODE_FAILED, "ffmpeg wrote no rendition.");
      }
      MediaInfo output = prober.probe(target, execution::onCancel);
      long size = Files.size(target);
      JobAssets.OutputAsset stored;
      try (InputStream in = Files.newInputStream(target)) {
        stored = execution.assets().write(name, assetId, in, size, plan.container().contentType());
      }
      execution.reportProgress(100);
      return new JobResult(List.of(stored.id()), summary(stored, plan, output));
    }
  }

  private static Map<String, Object> summary(
      JobAssets.OutputAsset stored, TranscodePlan plan, MediaInfo output) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("output_asset_id", stored.id());
    s.put("name", stored.name());
    s.put("container", plan.container().extension());
    output
        .firstVideo()
        .ifPresent(
            v -> {
              putIfPresent(s, "width", v.displayWidth());
              putIfPresent(s, "height", v.displayHeight());
              putIfPresent(s, "video_codec", v.codec());
              putIfPresent(s, "frame_rate", v.frameRate());
            });
    output.firstAudio().ifPresent(a -> putIfPresent(s, "audio_codec", a.codec()));
    putIfPresent(s, "duration_s", output.durationSeconds());
    s.put("size", stored.size());
    return s;
  }

  private static void putIfPresent(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
