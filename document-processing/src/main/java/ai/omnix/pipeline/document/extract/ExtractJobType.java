package ai.omnix.pipeline.document.extract;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;

/**
 * Text, metadata and per-page text of an uploaded document (PDF, Office, OpenDocument, HTML, RTF,
 * text, e-mail).
 */
public final class ExtractJobType {
  public static final String NAME = "extract";
  public static final String PASSWORD = "password";

  private static final ParamsSchema PARAMS =
      ParamsSchema.of(
          ParamSpec.string(
                  PASSWORD, 1_024, false, "Password of an encrypted PDF or Office document.")
              .writeOnly());

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Extracts a document's text and metadata (per page for PDFs) into text.txt and document.json.")
          .queueClass(QueueClass.IO_BOUND)
          .params(PARAMS)
          .inputs(JobInput.Kind.ASSET)
          .credits(1)
          .build();

  private ExtractJobType() {}
}
