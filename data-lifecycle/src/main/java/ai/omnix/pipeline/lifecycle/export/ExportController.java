package ai.omnix.pipeline.lifecycle.export;

import ai.omnix.pipeline.api.audit.ActionAudit;
import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.jobs.JobSubmissionService;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.job.JobRecord;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/me/exports}: submits the caller's {@code tenant-export} job (admission as any
 * job), with {@code retention: temporary} so the export is deleted 24 hours after it is written,
 * and audits {@code DATA_EXPORT_REQUESTED}. 202 with the job; its result names the download.
 */
@RestController
public class ExportController {
  private final JobSubmissionService submissions;
  private final ActionAudit audit;

  public ExportController(JobSubmissionService submissions, ActionAudit audit) {
    this.submissions = submissions;
    this.audit = audit;
  }

  @PostMapping("/v1/me/exports")
  public ResponseEntity<Map<String, Object>> export(HttpServletRequest request) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    JobRecord job =
        audit.inTransaction(
            () ->
                submissions
                    .submit(
                        tenant,
                        Map.of(
                            "type",
                            TenantExportJobType.NAME,
                            "params",
                            Map.of("retention", "temporary")),
                        null)
                    .job(),
            j ->
                audit
                    .event(request, AuditEventType.DATA_EXPORT_REQUESTED)
                    .resource("job", j.id().toString())
                    .action("export")
                    .build());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("object", "export");
    out.put("job_id", job.id().toString());
    out.put("status", job.status().name().toLowerCase(Locale.ROOT));
    out.put(
        "detail",
        "When job "
            + job.id()
            + " has succeeded, its result names export.zip (result.summary.download); the export is"
            + " deleted 24 hours after it is written.");
    return ResponseEntity.accepted().location(URI.create("/v1/jobs/" + job.id())).body(out);
  }
}
