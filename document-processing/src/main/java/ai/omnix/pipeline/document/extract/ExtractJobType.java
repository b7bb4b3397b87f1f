package ai.omnix.pipeline.document.extract;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;
import java.util.Set;

/**
 * Text, metadata and per-page text of an uploaded document (PDF, Office, OpenDocument, HTML, RTF,
 * text, e-mail).
 */
public final class ExtractJobType implements JobType {
  public static final String NAME = "extract";
  public static final String PASSWORD = "password";

  private static final ParamsSchema PARAMS =
      ParamsSchema.of(
          ParamSpec.string(
              PASSWORD, 1_024, false, "Password of an encrypted PDF or Office document."));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Extracts a document's text and metadata (per page for PDFs) into text.txt and document.json.";
  }

  @Override
  public QueueClass queueClass() {
    return QueueClass.IO_BOUND;
  }

  @Override
  public ParamsSchema paramsSchema() {
    return PARAMS;
  }

  @Override
  public Set<JobInput.Kind> acceptedInputs() {
    return Set.of(JobInput.Kind.ASSET);
  }

  @Override
  public long estimateCredits(JobSubmission submission) {
    return 1;
  }
}
