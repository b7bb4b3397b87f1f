package ai.omnix.pipeline.document.ocr;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.document.DocumentJobHandler;
import ai.omnix.pipeline.document.DocumentLimits;
import ai.omnix.pipeline.document.DocumentOutputs;
import ai.omnix.pipeline.document.DocumentRun;
import ai.omnix.pipeline.document.json.JsonWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link OcrJobType} in the {@link DocumentJobHandler} frame: recognises page by page within
 * the page and pixel limits of the job's plan, writes {@code text.txt}, {@code ocr.json} and
 * (unless {@code searchable_pdf} is false) {@code searchable.pdf}.
 */
public final class OcrJobHandler extends DocumentJobHandler {
  private final DocumentOcr ocr;

  public OcrJobHandler(DocumentOcr ocr, DocumentLimits limits) {
    super(limits);
    this.ocr = ocr;
  }

  @Override
  public String type() {
    return OcrJobType.NAME;
  }

  @Override
  protected JobResult process(DocumentRun run) throws Exception {
    Map<String, Object> params = run.execution().params();
    Object requested = params.get(OcrJobType.LANGUAGES);
    String languages = requested == null ? OcrJobType.DEFAULT_LANGUAGES : (String) requested;
    boolean wantPdf = !Boolean.FALSE.equals(params.get(OcrJobType.SEARCHABLE_PDF));
    List<String> outputs = new ArrayList<>();
    OcrDocument document;
    Path pdf = wantPdf ? Files.createTempFile("omnix-ocr-", ".pdf") : null;
    try {
      document =
          ocr.recognize(
              run.input().file(),
              run.input().asset().filename(),
              languages,
              (String) params.get(OcrJobType.PASSWORD),
              run.deadline(),
              pdf,
              !Boolean.FALSE.equals(params.get(OcrJobType.AUTO_ROTATE)),
              run.planLimits(),
              p -> run.execution().reportProgress(Math.min(95, p)));
      outputs.add(run.writeText("text.txt", document.text(), "text/plain; charset=utf-8").id());
      outputs.add(
          run.writeText(
                  "ocr.json", JsonWriter.write(toJson(document, languages)), "application/json")
              .id());
      if (pdf != null) {
        outputs.add(run.write("searchable.pdf", pdf, "application/pdf").id());
      }
    } finally {
      if (pdf != null) {
        Files.deleteIfExists(pdf);
      }
    }
    String text = document.text();

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("text_preview", DocumentOutputs.preview(text));
    summary.put("detected_type", document.detectedType());
    summary.put("pages", document.pages().size());
    summary.put(
        "ocr_pages",
        document.pages().stream().filter(p -> p.source() == OcrDocument.Source.OCR).count());
    summary.put("characters", text.length());
    Double confidence = document.meanConfidence();
    if (confidence != null) {
      summary.put("mean_confidence", Math.round(confidence * 10) / 10.0);
    }
    return new JobResult(outputs, summary);
  }

  static Map<String, Object> toJson(OcrDocument document, String languages) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("detected_type", document.detectedType());
    json.put("languages", languages);
    json.put("mean_confidence", document.meanConfidence());
    List<Object> pages = new ArrayList<>();
    for (OcrDocument.Page page : document.pages()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("page", page.number());
      p.put("source", page.source() == OcrDocument.Source.OCR ? "ocr" : "text_layer");
      if (page.source() == OcrDocument.Source.OCR) {
        p.put("width", page.width());
        p.put("height", page.height());
        p.put("dpi", page.dpi());
        p.put("rotation", page.rotation());
      }
      List<Object> lines = new ArrayList<>();
      for (OcrDocument.Line line : page.lines()) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("text", line.text());
        l.put("bbox", box(line.box()));
        List<Object> words = new ArrayList<>();
        for (OcrDocument.Word word : line.words()) {
          Map<String, Object> w = new LinkedHashMap<>();
          w.put("text", word.text());
          w.put("bbox", box(word.box()));
          w.put("confidence", page.source() == OcrDocument.Source.OCR ? word.confidence() : null);
          words.add(w);
        }
        l.put("words", words);
        lines.add(l);
      }
      p.put("lines", lines);
      pages.add(p);
    }
    json.put("pages", pages);
    return json;
  }

  private static Object box(OcrDocument.Box box) {
    return box == null ? null : List.of(box.x(), box.y(), box.width(), box.height());
  }
}
