package ai.omnix.pipeline.lifecycle.erasure;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;

/**
 * {@code tenant-erasure}: the right to be forgotten for one tenant. An admin-tenant job (started by
 * {@code POST /v1/tenants/{id}/erasure}, or on a tenant's own confirmed {@code POST
 * /v1/me/erasure}), so the erasure's record and receipt outlive the tenant. Never billed.
 */
public final class TenantErasureJobType {
  public static final String NAME = "tenant-erasure";
  public static final String TENANT_ID = "tenant_id";

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Erases a tenant: cancels its jobs, revokes its keys and webhook endpoints, deletes"
                  + " every blob under its prefix on every backend and every row holding its"
                  + " content (ledger entries and invoices stay), then verifies that nothing"
                  + " remains; writes erasure-receipt.jsonl (admin only).")
          .queueClass(QueueClass.IO_BOUND)
          .params(ParamSpec.string(TENANT_ID, 64, true, "The tenant to erase."))
          .inputs(JobInput.Kind.NONE)
          .credits(0)
          .maxAttempts(5)
          .build();

  private TenantErasureJobType() {}
}
