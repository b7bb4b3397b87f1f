package ai.omnix.pipeline.media.probe;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.media.MediaInfo;
import ai.omnix.pipeline.media.MediaProber;
import ai.omnix.pipeline.media.MediaWorkspace;
import ai.omnix.pipeline.media.SourceDownload;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link ProbeJobType}: copies the asset into a private workspace, probes it, stores {@code
 * probe.json}.
 */
public final class ProbeJobHandler implements JobHandler {
  public static final String OUTPUT_NAME = "probe.json";
  private final MediaProber prober;
  private final Path workRoot;

  public ProbeJobHandler(MediaProber prober, Path workRoot) {
    this.prober = prober;
    this.workRoot = workRoot;
  }

  @Override
  public String type() {
    return ProbeJobType.NAME;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    String assetId = execution.input().assetIds().get(0);
    MediaInfo info;
    try (MediaWorkspace workspace = MediaWorkspace.create(workRoot)) {
      Path source = SourceDownload.fetchInto(execution, assetId, workspace);
      execution.reportProgress(30);
      info = prober.probe(source, execution::onCancel);
    }
    execution.throwIfCanceled();
    Map<String, Object> facts = info.toSummary();
    byte[] json = JsonText.write(facts).getBytes(StandardCharsets.UTF_8);
    JobAssets.OutputAsset stored =
        execution
            .assets()
            .write(
                OUTPUT_NAME,
                assetId,
                new ByteArrayInputStream(json),
                json.length,
                "application/json");
    execution.assets().annotate(assetId, "media", facts);
    execution.reportProgress(100);
    Map<String, Object> summary = new LinkedHashMap<>(facts);
    summary.put("probe_asset_id", stored.id());
    return new JobResult(List.of(stored.id()), summary);
  }
}
