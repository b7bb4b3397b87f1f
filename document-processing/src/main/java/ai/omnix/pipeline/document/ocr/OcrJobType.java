package ai.omnix.pipeline.document.ocr;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;

/** OCR of an image (PNG, JPEG, TIFF, WebP) or of the PDF pages that have no usable text layer. */
public final class OcrJobType {
  public static final String NAME = "ocr";
  public static final String LANGUAGES = "languages";
  public static final String PASSWORD = "password";
  public static final String SEARCHABLE_PDF = "searchable_pdf";
  public static final String AUTO_ROTATE = "auto_rotate";
  public static final String DEFAULT_LANGUAGES = "eng";

  private static final ParamsSchema PARAMS =
      ParamsSchema.of(
          ParamSpec.string(
              LANGUAGES,
              200,
              false,
              "Tesseract languages joined with '+', such as eng or eng+deu (default eng; others need their traineddata)."),
          ParamSpec.string(PASSWORD, 1_024, false, "Password of an encrypted PDF.").writeOnly(),
          ParamSpec.bool(
              SEARCHABLE_PDF,
              false,
              "Also write searchable.pdf: the scans with the recognised text as an invisible layer (default true)."),
          ParamSpec.bool(
              AUTO_ROTATE,
              false,
              "Turn pages scanned sideways or upside down upright with Tesseract's orientation detection (default true)."));

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Recognises text in images and scanned PDF pages into text.txt, ocr.json (lines, words, boxes,"
                  + " confidence) and a searchable PDF.")
          .queueClass(QueueClass.HEAVY)
          .params(PARAMS)
          .inputs(JobInput.Kind.ASSET)
          .credits(1)
          .build();

  private OcrJobType() {}
}
