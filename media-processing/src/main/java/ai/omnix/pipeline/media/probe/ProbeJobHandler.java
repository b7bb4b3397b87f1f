package ai.omnix.pipeline.media.probe;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.media.MediaJobHandler;
import ai.omnix.pipeline.media.MediaRun;
import ai.omnix.pipeline.media.MediaToolkit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@link ProbeJobType}: the {@link MediaJobHandler} frame copies and probes the asset; this
 * stores what the probe found as {@code probe.json} and on the asset.
 */
public final class ProbeJobHandler extends MediaJobHandler {
  public static final String OUTPUT_NAME = "probe.json";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public ProbeJobHandler(MediaToolkit toolkit) {
    super(toolkit);
  }

  @Override
  public String type() {
    return ProbeJobType.NAME;
  }

  @Override
  protected JobResult process(MediaRun run) throws Exception {
    run.reached(30);
    Map<String, Object> facts = run.info().toSummary();
    JobAssets.OutputAsset stored =
        run.store(OUTPUT_NAME, JSON.writeValueAsBytes(facts), "application/json");
    run.execution().assets().annotate(run.assetId(), "media", facts);
    run.execution().reportProgress(100);
    Map<String, Object> summary = new LinkedHashMap<>(facts);
    summary.put("probe_asset_id", stored.id());
    return new JobResult(List.of(stored.id()), summary);
  }
}
