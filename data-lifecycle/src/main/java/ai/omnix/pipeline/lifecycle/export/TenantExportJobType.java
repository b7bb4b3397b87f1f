package ai.omnix.pipeline.lifecycle.export;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;

/**
 * {@code tenant-export}: everything the platform holds about the submitting tenant, as one zip
 * (data portability). {@code POST /v1/me/exports} submits it with {@code retention: temporary}, so
 * the export itself is deleted 24 hours later. Never billed.
 */
public final class TenantExportJobType {
  public static final String NAME = "tenant-export";

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Writes export.zip: every ready asset of the tenant (assets/<id>/<name>), with"
                  + " assets.json, jobs.json, chat_messages.json, and ledger.json when billing is"
                  + " installed.")
          .queueClass(QueueClass.IO_BOUND)
          .inputs(JobInput.Kind.NONE)
          .credits(0)
          .maxAttempts(3)
          .build();

  private TenantExportJobType() {}
}
