package ai.omnix.pipeline.document.extract;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.document.DocumentLimits;
import ai.omnix.pipeline.document.DocumentOutputs;
import ai.omnix.pipeline.document.JobDeadline;
import ai.omnix.pipeline.document.StagedInput;
import ai.omnix.pipeline.document.json.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link ExtractJobType}: stages the asset to a temp file, extracts within the page limit of
 * the job's plan, writes {@code text.txt} and {@code document.json}.
 */
public final class ExtractJobHandler implements JobHandler {
  private final DocumentTextExtractor extractor;
  private final DocumentLimits limits;

  public ExtractJobHandler(DocumentTextExtractor extractor, DocumentLimits limits) {
    this.extractor = extractor;
    this.limits = limits;
  }

  @Override
  public String type() {
    return ExtractJobType.NAME;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    JobDeadline deadline = JobDeadline.start(limits.timeLimit(), execution);
    String assetId = execution.input().assetIds().get(0);
    String password = (String) execution.params().get(ExtractJobType.PASSWORD);
    ExtractedDocument document;
    try (StagedInput input = StagedInput.stage(execution.assets(), assetId)) {
      execution.reportProgress(10);
      document =
          extractor.extract(
              input.file(),
              input.asset().filename(),
              password,
              deadline,
              limits.forPlan(execution.plan()));
    }
    execution.reportProgress(90);
    JobAssets assets = execution.assets();
    JobAssets.OutputAsset text =
        DocumentOutputs.writeText(
            assets, "text.txt", assetId, document.text(), "text/plain; charset=utf-8");
    JobAssets.OutputAsset json =
        DocumentOutputs.writeText(
            assets,
            "document.json",
            assetId,
            JsonWriter.write(toJson(document)),
            "application/json");

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("text_preview", DocumentOutputs.preview(document.text()));
    summary.put("detected_type", document.detectedType());
    if (document.pageCount() != null) {
      summary.put("pages", document.pageCount());
    }
    summary.put("characters", document.text().length());
    summary.put("truncated", document.truncated());
    return new JobResult(List.of(text.id(), json.id()), summary);
  }

  static Map<String, Object> toJson(ExtractedDocument document) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("detected_type", document.detectedType());
    json.put("page_count", document.pageCount());
    json.put("characters", document.text().length());
    json.put("truncated", document.truncated());
    json.put("offsets", "UTF-16 code units into text.txt, end exclusive");
    List<Map<String, Object>> pages = new ArrayList<>();
    for (ExtractedDocument.PageSpan span : document.pages()) {
      pages.add(Map.of("page", span.number(), "start", span.start(), "end", span.end()));
    }
    json.put("pages", pages);
    json.put("metadata", document.metadata());
    return json;
  }
}
