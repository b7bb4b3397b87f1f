package ai.omnix.pipeline.document.thumbnail;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;
import ai.omnix.pipeline.core.job.type.Violation;
import java.util.List;

/**
 * Page thumbnails of a PDF (or of an image's frames): chosen pages rendered to PNG, JPEG or WebP
 * within a bounding box. Heavy: rasterising a page is CPU work whose cost the file decides.
 */
public final class DocumentThumbnailJobType {
  public static final String NAME = "document-thumbnail";
  public static final String PAGES = "pages";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String FORMAT = "format";
  public static final String PASSWORD = "password";
  public static final int DEFAULT_SIZE = 512;
  public static final int MAX_THUMBNAILS = 20;

  private static final ParamsSchema PARAMS =
      ParamsSchema.of(
          ParamSpec.string(
              PAGES,
              100,
              false,
              "Pages to render, 1-based: '1', '1-3' or '1,4,7' (default 1; at most "
                  + MAX_THUMBNAILS
                  + ")."),
          ParamSpec.integer(
              WIDTH, 16, 4096, false, "Largest thumbnail width in pixels (default 512)."),
          ParamSpec.integer(
              HEIGHT, 16, 4096, false, "Largest thumbnail height in pixels (default 512)."),
          ParamSpec.oneOf(
              FORMAT, List.of("png", "jpeg", "webp"), false, "Image format (default png)."),
          ParamSpec.string(PASSWORD, 1_024, false, "Password of an encrypted PDF.").writeOnly());

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Renders chosen pages of a PDF (or frames of an image) to PNG, JPEG or WebP thumbnails within a bounding"
                  + " box.")
          .queueClass(QueueClass.HEAVY)
          .params(PARAMS)
          .inputs(JobInput.Kind.ASSET)
          .credits(1)
          .validatedBy(DocumentThumbnailJobType::validate)
          .build();

  private DocumentThumbnailJobType() {}

  private static List<Violation> validate(JobSubmission submission) {
    Object pages = submission.params().get(PAGES);
    if (pages instanceof String s) {
      try {
        PageSelection.parse(s, MAX_THUMBNAILS);
      } catch (IllegalArgumentException e) {
        return List.of(new Violation("params." + PAGES, e.getMessage()));
      }
    }
    return List.of();
  }
}
