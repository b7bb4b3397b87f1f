package ai.omnix.pipeline.document.extract;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.document.DocumentJobHandler;
import ai.omnix.pipeline.document.DocumentLimits;
import ai.omnix.pipeline.document.DocumentOutputs;
import ai.omnix.pipeline.document.DocumentRun;
import ai.omnix.pipeline.document.json.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link ExtractJobType} in the {@link DocumentJobHandler} frame: extracts within the page
 * limit of the job's plan, writes {@code text.txt} and {@code document.json}.
 */
public final class ExtractJobHandler extends DocumentJobHandler {
  private final DocumentTextExtractor extractor;

  public ExtractJobHandler(DocumentTextExtractor extractor, DocumentLimits limits) {
    super(limits);
    this.extractor = extractor;
  }

  @Override
  public String type() {
    return ExtractJobType.NAME;
  }

  @Override
  protected JobResult process(DocumentRun run) throws Exception {
    run.execution().reportProgress(10);
    ExtractedDocument document =
        extractor.extract(
            run.input().file(),
            run.input().asset().filename(),
            (String) run.execution().params().get(ExtractJobType.PASSWORD),
            run.deadline(),
            run.planLimits());
    run.execution().reportProgress(90);
    JobAssets.OutputAsset text =
        run.writeText("text.txt", document.text(), "text/plain; charset=utf-8");
    JobAssets.OutputAsset json =
        run.writeText("document.json", JsonWriter.write(toJson(document)), "application/json");

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
