package ai.omnix.pipeline.media.transcode;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaJobHandler;
import ai.omnix.pipeline.media.MediaRun;
import ai.omnix.pipeline.media.MediaToolkit;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link TranscodeJobType} in the {@link MediaJobHandler} frame: refuses what it must not
 * process (too long for the tenant's plan, too large, not a video, trim or crop outside it), runs
 * one heavy ffmpeg with a timeout scaled by the duration, probes the output and stores it as {@code
 * rendition.<ext>} derived from the source.
 */
public final class TranscodeJobHandler extends MediaJobHandler {

  public TranscodeJobHandler(MediaToolkit toolkit) {
    super(toolkit);
  }

  @Override
  public String type() {
    return TranscodeJobType.NAME;
  }

  @Override
  protected JobResult process(MediaRun run) throws Exception {
    TranscodeRequest request = TranscodeRequest.fromParams(run.execution().params());
    TranscodePlan plan =
        TranscodePlan.of(request, run.info(), run.limits(), run.execution().plan());
    run.reached(1);
    String name = "rendition." + plan.container().extension();
    Path target = run.file(name);
    run.ffmpegWithProgress(
        "Transcode the file",
        TranscodeCommand.arguments(plan, run.source(), target),
        run.limits().transcodeTimeout(plan.expectedSeconds()),
        plan.expectedSeconds(),
        99);
    run.requireWritten(target, "rendition");
    MediaInfo output = run.probe(target);
    JobAssets.OutputAsset stored = run.store(name, target, plan.container().contentType());
    run.execution().reportProgress(100);
    return new JobResult(List.of(stored.id()), summary(stored, plan, output));
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
