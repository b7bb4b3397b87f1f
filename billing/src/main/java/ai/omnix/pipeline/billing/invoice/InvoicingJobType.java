package ai.omnix.pipeline.billing.invoice;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.Violation;
import java.util.List;

/**
 * {@code invoicing}: one month's invoices (admin tenant only; Quartz submits it monthly for the
 * previous month and again after the grace period to make the drafts final). Never billed.
 */
public final class InvoicingJobType {
  public static final String NAME = "invoicing";
  static final String PERIOD = "period";
  static final String CHUNK_SIZE = "chunk_size";
  static final String PAUSE_MS = "pause_ms";

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Writes a draft invoice per tenant with activity in a month (period YYYY-MM, default the"
                  + " previous month, UTC), makes drafts final after the grace period with gapless"
                  + " numbers, and writes each invoice as CSV and JSON (admin only).")
          .queueClass(QueueClass.IO_BOUND)
          .params(
              ParamSpec.string(PERIOD, 7, false, "The month to invoice, YYYY-MM (UTC)."),
              ParamSpec.integer(
                  CHUNK_SIZE,
                  1,
                  10_000,
                  false,
                  "Tenants per chunk (one transaction); default 200."),
              ParamSpec.integer(
                  PAUSE_MS,
                  0,
                  1_000,
                  false,
                  "Pause after each chunk, to spare a busy database (and for drills); default 0."))
          .inputs(JobInput.Kind.NONE)
          .credits(0)
          .maxAttempts(5)
          .validatedBy(
              submission ->
                  submission.params().get(PERIOD) instanceof String p
                          && BillingPeriod.parse(p).isEmpty()
                      ? List.of(new Violation("params." + PERIOD, "must be a month, YYYY-MM"))
                      : List.of())
          .build();

  private InvoicingJobType() {}
}
