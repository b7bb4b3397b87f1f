package ai.omnix.pipeline.billing.reconciliation;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;
import java.util.Set;

/**
 * {@code billing-reconciliation}: checks that the books add up (admin tenant only; Quartz submits
 * it nightly). Stage 1 checks: every stored balance equals the sum of its ledger entries, and no
 * reservation is older than the longest job lifetime. Never billed.
 */
public final class ReconciliationJobType implements JobType {
  public static final String NAME = "billing-reconciliation";
  static final String CHUNK_SIZE = "chunk_size";
  static final String PAUSE_MS = "pause_ms";

  private static final ParamsSchema SCHEMA =
      ParamsSchema.of(
          ParamSpec.integer(
              CHUNK_SIZE,
              10,
              10_000,
              false,
              "Rows checked per chunk (one transaction, one restart point); default 500."),
          ParamSpec.integer(
              PAUSE_MS,
              0,
              1_000,
              false,
              "Pause after each chunk, to spare a busy database (and for drills); default 0."));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Checks that every balance equals the sum of its ledger entries and that no reservation"
        + " outlived the longest job; writes reconciliation.csv and reconciliation.json (admin only).";
  }

  @Override
  public QueueClass queueClass() {
    return QueueClass.IO_BOUND;
  }

  @Override
  public ParamsSchema paramsSchema() {
    return SCHEMA;
  }

  @Override
  public Set<JobInput.Kind> acceptedInputs() {
    return Set.of(JobInput.Kind.NONE);
  }

  @Override
  public long estimateCredits(JobSubmission submission) {
    return 0;
  }

  @Override
  public int maxAttempts() {
    return 5;
  }
}
