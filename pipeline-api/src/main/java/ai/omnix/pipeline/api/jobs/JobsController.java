package ai.omnix.pipeline.api.jobs;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.lifecycle.LineageDeletionJobs;
import ai.omnix.pipeline.api.paging.Instants;
import ai.omnix.pipeline.api.paging.PageCursor;
import ai.omnix.pipeline.api.paging.PositionCursor;
import ai.omnix.pipeline.api.play.PlaybackLinks;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.job.JobOutputs;
import ai.omnix.pipeline.store.job.JobQueries;
import ai.omnix.pipeline.store.job.JobQuery;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.webhook.WebhookRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Job API v1: submit, read, list, cancel, follow, and manage a job's webhook deliveries. */
@RestController
@RequestMapping(path = "/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
public class JobsController {
  private static final int MAX_LIMIT = 100;
  private static final int MAX_OUTPUTS_LIMIT = 1000;

  private final JobSubmissionService submissions;
  private final JobQueries jobs;
  private final JobSubmissions requests;
  private final WebhookRepository webhooks;
  private final JobEventStreams streams;
  private final ProviderAttemptLog providerAttempts;
  private final PlaybackLinks playback;
  private final JobOutputs outputs;

  public JobsController(
      JobSubmissionService submissions,
      JobQueries jobs,
      JobSubmissions requests,
      WebhookRepository webhooks,
      JobEventStreams streams,
      ProviderAttemptLog providerAttempts,
      PlaybackLinks playback,
      JobOutputs outputs) {
    this.outputs = outputs;
    this.playback = playback;
    this.providerAttempts = providerAttempts;
    this.submissions = submissions;
    this.jobs = jobs;
    this.requests = requests;
    this.webhooks = webhooks;
    this.streams = streams;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> submit(
      HttpServletRequest request,
      @RequestBody(required = false) Map<String, Object> body,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    JobSubmissions.Inserted inserted = submissions.submit(tenant, body, idempotencyKey);
    if (inserted instanceof JobSubmissions.KeyConflict) {
      throw new ApiProblem(
          409,
          "idempotency_key_reused",
          "Idempotency key reused",
          "This Idempotency-Key was already used with a different request body; use a new key for a new job.");
    }
    ResponseEntity.BodyBuilder response =
        ResponseEntity.accepted().location(URI.create("/v1/jobs/" + inserted.job().id()));
    if (inserted instanceof JobSubmissions.Replayed) {
      response.header("Idempotent-Replayed", "true");
    }
    return response.body(JobJson.of(inserted.job()));
  }

  @GetMapping("/{id}")
  public Map<String, Object> get(HttpServletRequest request, @PathVariable String id) {
    JobRecord job = own(request, id);
    return playback.decorateJob(job.tenantId(), JobJson.of(job), request);
  }

  @GetMapping
  public Map<String, Object> list(
      HttpServletRequest request,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String type,
      @RequestParam(name = "created_after", required = false) String createdAfter,
      @RequestParam(name = "created_before", required = false) String createdBefore,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String limit,
      @RequestParam(name = "parent_job_id", required = false) String parentJobId) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    JobStatus statusFilter =
        status == null
            ? null
            : JobStatus.fromWireName(status)
                .orElseThrow(
                    () ->
                        ApiProblem.badRequest(
                            "invalid_query",
                            "status must be one of queued, running, succeeded, failed, canceled."));
    int pageSize = parseLimit(limit);
    Instant cursorAt = null;
    UUID cursorId = null;
    if (cursor != null) {
      PageCursor position = PageCursor.decode(cursor);
      cursorAt = position.createdAt();
      try {
        cursorId = UUID.fromString(position.id());
      } catch (IllegalArgumentException e) {
        throw ApiProblem.badRequest("invalid_cursor", "The cursor is not one this API returned.");
      }
    }
    if (type != null && type.length() > 64) {
      throw ApiProblem.badRequest("invalid_query", "type is too long.");
    }
    UUID parent =
        parentJobId == null
            ? null
            : JobId.parse(parentJobId)
                .map(JobId::value)
                .orElseThrow(
                    () ->
                        ApiProblem.badRequest("invalid_query", "parent_job_id must be a job id."));
    List<JobRecord> page =
        jobs.list(
            tenant.id(),
            new JobQuery(
                statusFilter,
                type,
                createdAfter == null ? null : parseInstant(createdAfter, "created_after"),
                createdBefore == null ? null : parseInstant(createdBefore, "created_before"),
                cursorAt,
                cursorId,
                pageSize + 1,
                parent));
    boolean more = page.size() > pageSize;
    List<JobRecord> shown = more ? page.subList(0, pageSize) : page;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", shown.stream().map(JobJson::of).toList());
    body.put("has_more", more);
    JobRecord last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
    body.put(
        "next_cursor",
        more ? new PageCursor(last.createdAt(), last.id().toString()).encode() : null);
    return body;
  }

  /**
   * Every output of the job, in its handler's order, a page at a time (the job's result carries the
   * first {@value JobOutputs#INLINE} and {@code output_count}). Limit 1 to {@value
   * #MAX_OUTPUTS_LIMIT}, default 100.
   */
  @GetMapping("/{id}/outputs")
  public Map<String, Object> outputs(
      HttpServletRequest request,
      @PathVariable String id,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String limit) {
    JobRecord job = own(request, id);
    int pageSize = parseLimit(limit, 100, MAX_OUTPUTS_LIMIT);
    int after = cursor == null ? -1 : PositionCursor.decode(cursor).position();
    List<JobOutputs.JobOutput> page = outputs.page(job.id(), after, pageSize + 1);
    boolean more = page.size() > pageSize;
    List<JobOutputs.JobOutput> shown = more ? page.subList(0, pageSize) : page;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put(
        "data",
        shown.stream()
            .map(
                o -> {
                  Map<String, Object> wire = new LinkedHashMap<>();
                  wire.put("object", "job_output");
                  wire.put("position", o.position());
                  wire.put("asset_id", o.assetId());
                  wire.put("name", o.name());
                  wire.put("content_type", o.contentType());
                  wire.put("size", o.size());
                  wire.put("status", o.status());
                  return wire;
                })
            .toList());
    body.put("has_more", more);
    body.put(
        "next_cursor",
        more ? new PositionCursor(shown.get(shown.size() - 1).position()).encode() : null);
    return body;
  }

  @PostMapping("/{id}/cancel")
  public ResponseEntity<Map<String, Object>> cancel(
      HttpServletRequest request, @PathVariable String id) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    JobId jobId = JobId.parse(id).orElseThrow(() -> ApiProblem.notFound("Job " + id));
    if (LineageDeletionJobs.JOB_TYPE.equals(own(request, id).type())) {
      // stopped halfway, it would leave the asset marked deleted with bytes of its lineage kept
      throw new ApiProblem(
          409,
          "not_cancelable",
          "Not cancelable",
          "An asset deletion cannot be stopped once the asset is deleted; it runs to the end.");
    }
    JobRecord job =
        requests
            .requestCancel(tenant.id(), jobId)
            .orElseThrow(() -> ApiProblem.notFound("Job " + id));
    if (job.status().isTerminal() && job.status() != JobStatus.CANCELED) {
      throw new ApiProblem(
          409,
          "job_finished",
          "Job already finished",
          "The job already "
              + job.status().wireName()
              + "; only queued or running jobs can be canceled.");
    }
    return ResponseEntity.accepted().body(JobJson.of(job));
  }

  @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public void events(
      HttpServletRequest request,
      HttpServletResponse response,
      @PathVariable String id,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId)
      throws java.io.IOException {
    JobRecord job = own(request, id);
    long after = 0;
    if (lastEventId != null) {
      try {
        after = Long.parseLong(lastEventId.trim());
      } catch (NumberFormatException e) {
        throw ApiProblem.badRequest(
            "invalid_last_event_id", "Last-Event-ID must be an event id from this stream.");
      }
    }
    streams.open(request, response, job.tenantId(), job.id(), after);
  }

  /**
   * The job's calls to outside providers (generation jobs): provider, model, the provider's request
   * id, outcome, and which one the tenant is billed for. Provider error details stay in the
   * operators' logs; only stable codes show.
   */
  @GetMapping("/{id}/provider-attempts")
  public Map<String, Object> providerAttempts(HttpServletRequest request, @PathVariable String id) {
    JobRecord job = own(request, id);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put(
        "data",
        providerAttempts.forJob(job.id()).stream()
            .map(
                a -> {
                  Map<String, Object> wire = new LinkedHashMap<>();
                  wire.put("id", a.id().toString());
                  wire.put("provider", a.provider());
                  wire.put("model", a.model());
                  wire.put("provider_request_id", a.requestId());
                  wire.put("outcome", a.outcome().wireName());
                  wire.put("estimated_credits", a.estimatedCredits());
                  wire.put("billed", a.billed());
                  wire.put("billed_credits", a.billed() ? job.creditsActual() : null);
                  wire.put("error_code", a.errorCode());
                  wire.put("started_at", a.startedAt().toString());
                  wire.put(
                      "finished_at", a.finishedAt() == null ? null : a.finishedAt().toString());
                  return wire;
                })
            .toList());
    return body;
  }

  @GetMapping("/{id}/webhooks")
  public Map<String, Object> deliveries(HttpServletRequest request, @PathVariable String id) {
    JobRecord job = own(request, id);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put(
        "data",
        webhooks.deliveriesFor(job.tenantId(), job.id()).stream()
            .map(
                d -> {
                  Map<String, Object> wire = new LinkedHashMap<>();
                  wire.put("id", d.id());
                  wire.put("url", d.url());
                  wire.put("event_type", d.eventType());
                  wire.put("status", d.status());
                  wire.put("attempts", d.attempts());
                  wire.put(
                      "next_attempt_at",
                      d.nextAttemptAt() == null ? null : d.nextAttemptAt().toString());
                  wire.put("last_error", d.lastError());
                  wire.put(
                      "delivered_at", d.deliveredAt() == null ? null : d.deliveredAt().toString());
                  wire.put(
                      "log",
                      webhooks.attempts(d.id()).stream()
                          .map(
                              a -> {
                                Map<String, Object> attempt = new LinkedHashMap<>();
                                attempt.put("attempt", a.attempt());
                                attempt.put("at", a.at().toString());
                                attempt.put("status_code", a.statusCode());
                                attempt.put("error", a.error());
                                attempt.put("duration_ms", a.durationMillis());
                                return attempt;
                              })
                          .toList());
                  return wire;
                })
            .toList());
    return body;
  }

  @PostMapping("/{id}/webhooks/redeliver")
  public ResponseEntity<Map<String, Object>> redeliver(
      HttpServletRequest request, @PathVariable String id) {
    JobRecord job = own(request, id);
    if (!job.status().isTerminal()) {
      throw new ApiProblem(
          409,
          "job_not_finished",
          "Job not finished",
          "Webhooks are sent when the job finishes; there is nothing to redeliver yet.");
    }
    int n = webhooks.redeliver(job.tenantId(), job.id());
    if (n == 0) {
      throw new ApiProblem(
          409,
          "no_webhooks",
          "No webhooks",
          "The job has no webhook deliveries: it had no webhook_url and the tenant has no endpoints.");
    }
    return ResponseEntity.accepted().body(Map.of("object", "redelivery", "deliveries", n));
  }

  private JobRecord own(HttpServletRequest request, String id) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    return JobId.parse(id)
        .flatMap(jobId -> jobs.find(tenant.id(), jobId))
        .orElseThrow(
            () -> ApiProblem.notFound("Job " + (id.length() > 40 ? id.substring(0, 40) : id)));
  }

  private static int parseLimit(String limit) {
    return parseLimit(limit, 20, MAX_LIMIT);
  }

  private static int parseLimit(String limit, int defaultLimit, int max) {
    if (limit == null) {
      return defaultLimit;
    }
    try {
      int n = Integer.parseInt(limit);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // fall through to the problem below
    }
    throw ApiProblem.badRequest("invalid_query", "limit must be an integer from 1 to " + max + ".");
  }

  private static Instant parseInstant(String text, String field) {
    return Instants.parseQuery(text, field);
  }
}
