package ai.omnix.pipeline.dashboard.console.web;

import ai.omnix.pipeline.api.jobs.JobJson;
import ai.omnix.pipeline.api.jobs.JobSubmissionService;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.job.OperatorJobs;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.security.core.Authentication;

/**
 * The console's write actions, each audited. They go through the code the API uses: a requeue
 * submits the failed job again through {@link JobSubmissionService} (validation, admission, quotas
 * and the credit reservation, as any submission), a cancel is {@link OperatorJobs#requestCancel}, a
 * redelivery is the webhook store's {@code redeliver}.
 *
 * <p><b>Why a requeue is a new job.</b> A failed job is terminal: its webhooks went out, its
 * credits were released and its write-only parameters removed. Putting the same row back to {@code
 * queued} would have to undo each of these; a new job (metadata {@code requeued_from}, idempotency
 * key {@code requeue:<old id>} so a double confirm submits once) runs with a fresh reservation and
 * its own webhooks. A job whose type has write-only parameters is resubmitted without them (they
 * were removed when it ended); it fails again if it needs them.
 */
public class BulkActions {
  /** Most jobs one confirmation acts on; the preview says when more match. */
  public static final int MAX_PER_ACTION = 1_000;

  private final ConsoleQueries queries;
  private final OperatorJobs jobs;
  private final TenantRepository tenants;
  private final Optional<JobSubmissionService> submissions;
  private final OperatorAudit audit;

  public BulkActions(
      ConsoleQueries queries,
      OperatorJobs jobs,
      TenantRepository tenants,
      Optional<JobSubmissionService> submissions,
      OperatorAudit audit) {
    this.queries = queries;
    this.jobs = jobs;
    this.tenants = tenants;
    this.submissions = submissions;
    this.audit = audit;
  }

  public boolean canRequeue() {
    return submissions.isPresent();
  }

  /** What a requeue did: new job ids by old, and the refusals by error code. */
  public record RequeueOutcome(
      long matched, Map<UUID, UUID> requeued, Map<String, Integer> refused) {}

  public RequeueOutcome requeue(
      ConsoleQueries.FailedFilter filter,
      long previewed,
      Authentication user,
      HttpServletRequest request) {
    JobSubmissionService submit =
        submissions.orElseThrow(
            () -> new IllegalStateException("requeue needs the api role in this process"));
    long matched = queries.countFailed(filter);
    Map<UUID, UUID> requeued = new LinkedHashMap<>();
    Map<String, Integer> refused = new TreeMap<>();
    for (UUID id : queries.failedIds(filter, MAX_PER_ACTION)) {
      Optional<JobRecord> old = jobs.findById(new JobId(id));
      if (old.isEmpty()) {
        continue;
      }
      Optional<Tenant> tenant = tenants.find(old.get().tenantId());
      if (tenant.isEmpty()) {
        refused.merge("unknown_tenant", 1, Integer::sum);
        continue;
      }
      try {
        JobSubmissions.Inserted inserted =
            submit.submit(tenant.get(), resubmission(old.get()), "requeue:" + id);
        JobRecord created;
        if (inserted instanceof JobSubmissions.Created c) {
          created = c.job();
        } else if (inserted instanceof JobSubmissions.Replayed r) {
          created = r.job();
        } else {
          created = ((JobSubmissions.KeyConflict) inserted).job();
        }
        requeued.put(id, created.id().value());
      } catch (ApiProblem problem) {
        refused.merge(problem.code(), 1, Integer::sum);
      }
    }
    audit.record(
        audit
            .event(AuditEventType.JOBS_REQUEUED, user, request)
            .tenant(filter.tenant() == null ? null : new TenantId(filter.tenant()))
            .resource("jobs", "error_code:" + filter.errorCode())
            .action("requeue")
            .success(refused.isEmpty())
            .with("error_code", filter.errorCode())
            .with("tenant", filter.tenant())
            .with("type", filter.type())
            .with("finished_from", filter.from().toString())
            .with("finished_to", filter.to().toString())
            .with("previewed", previewed)
            .with("matched", matched)
            .with("requeued", requeued.size())
            .with("refused", refused)
            .with(
                "jobs",
                requeued.entrySet().stream()
                    .limit(100)
                    .map(e -> Map.of("from", e.getKey().toString(), "to", e.getValue().toString()))
                    .toList()));
    return new RequeueOutcome(matched, requeued, refused);
  }

  /** The old job as a submission body: what its tenant sent, minus what was removed at its end. */
  static Map<String, Object> resubmission(JobRecord old) {
    Map<String, Object> wire = JobJson.of(old);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", old.type());
    if (wire.get("input") instanceof Map<?, ?> input && !input.isEmpty()) {
      body.put("input", input);
    }
    if (wire.get("params") instanceof Map<?, ?> params && !params.isEmpty()) {
      body.put("params", params);
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (old.metadata() != null) {
      metadata.putAll(old.metadata());
    }
    metadata.put("requeued_from", old.id().toString());
    body.put("metadata", metadata);
    body.put("priority", old.priority());
    if (old.webhookUrl() != null) {
      body.put("webhook_url", old.webhookUrl());
    }
    return body;
  }

  public record CancelOutcome(long matched, List<UUID> canceled, int alreadyEnded) {}

  public CancelOutcome cancelQueued(
      String tenant, long previewed, Authentication user, HttpServletRequest request) {
    TenantId tenantId = new TenantId(tenant);
    long matched = queries.countQueued(tenant);
    List<UUID> canceled = new ArrayList<>();
    int ended = 0;
    for (UUID id : queries.queuedIds(tenant, MAX_PER_ACTION)) {
      Optional<JobRecord> after = jobs.requestCancel(tenantId, new JobId(id));
      if (after.isPresent() && after.get().status().isTerminal()) {
        canceled.add(id);
      } else {
        ended++;
      }
    }
    audit.record(
        audit
            .event(AuditEventType.JOBS_CANCELED, user, request)
            .tenant(tenantId)
            .resource("tenant", tenant)
            .action("cancel_queued")
            .with("previewed", previewed)
            .with("matched", matched)
            .with("canceled", canceled.size())
            .with("jobs", canceled.stream().limit(100).map(UUID::toString).toList()));
    return new CancelOutcome(matched, canceled, ended);
  }
}
