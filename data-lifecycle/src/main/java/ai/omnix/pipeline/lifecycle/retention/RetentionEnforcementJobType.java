package ai.omnix.pipeline.lifecycle.retention;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;

/**
 * {@code retention-enforcement}: removes what retention says must go (admin tenant only; Quartz
 * submits it hourly). Never billed.
 */
public final class RetentionEnforcementJobType {
  public static final String NAME = "retention-enforcement";
  static final String DRY_RUN = "dry_run";
  static final String CHUNK_SIZE = "chunk_size";
  static final String PAUSE_MS = "pause_ms";

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Deletes expired assets with every asset derived from them (bytes, verified gone on"
                  + " their backend, and rows), redacts expired job records, their events and"
                  + " webhook payloads, and deletes expired chat conversations; skips what a legal"
                  + " hold covers; writes a JSON-lines receipt (admin only).")
          .queueClass(QueueClass.IO_BOUND)
          .params(
              ParamSpec.bool(
                  DRY_RUN,
                  false,
                  "Report exactly what would go (retention-plan.jsonl) and delete nothing."),
              ParamSpec.integer(
                  CHUNK_SIZE,
                  1,
                  10_000,
                  false,
                  "Items per chunk (one transaction, one restart point); default 100."),
              ParamSpec.integer(
                  PAUSE_MS,
                  0,
                  1_000,
                  false,
                  "Pause after each chunk, to spare a busy database or backend; default 0."))
          .inputs(JobInput.Kind.NONE)
          .credits(0)
          .maxAttempts(5)
          .build();

  private RetentionEnforcementJobType() {}
}
