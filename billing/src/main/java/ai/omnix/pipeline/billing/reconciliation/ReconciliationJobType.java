package ai.omnix.pipeline.billing.reconciliation;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;

/**
 * {@code billing-reconciliation}: checks that the books add up (admin tenant only; Quartz submits
 * it nightly). Checks: every stored balance equals the sum of its ledger entries; no reservation is
 * older than the longest job lifetime ({@code repair: true} releases such ones, audited); every
 * failed or canceled job's reservation was released; every succeeded billable job has exactly one
 * settlement equal to the price of its {@code credits.actual}. Never billed.
 */
public final class ReconciliationJobType {
  public static final String NAME = "billing-reconciliation";
  static final String CHUNK_SIZE = "chunk_size";
  static final String PAUSE_MS = "pause_ms";
  static final String REPAIR = "repair";

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Checks that every balance equals the sum of its ledger entries, that no reservation"
                  + " outlived the longest job, that failed and canceled jobs' reservations were"
                  + " released and that each succeeded job was settled once at its actual price;"
                  + " writes reconciliation.csv and reconciliation.json (admin only).")
          .queueClass(QueueClass.IO_BOUND)
          .params(
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
                  "Pause after each chunk, to spare a busy database (and for drills); default 0."),
              ParamSpec.bool(
                  REPAIR,
                  false,
                  "Release reservations older than the longest job lifetime, each with an audit"
                      + " entry; the other findings are for a person. Default false."))
          .inputs(JobInput.Kind.NONE)
          .credits(0)
          .maxAttempts(5)
          .build();

  private ReconciliationJobType() {}
}
