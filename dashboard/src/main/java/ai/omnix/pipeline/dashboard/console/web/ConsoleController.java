package ai.omnix.pipeline.dashboard.console.web;

import ai.omnix.pipeline.api.assets.SignedLinks;
import ai.omnix.pipeline.api.jobs.JobJson;
import ai.omnix.pipeline.api.play.PlaybackLinks;
import ai.omnix.pipeline.core.audit.AuditEventType;
import ai.omnix.pipeline.core.audit.AuditQuery;
import ai.omnix.pipeline.core.audit.AuditTrail;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.dashboard.console.ConsoleProperties;
import ai.omnix.pipeline.providers.guard.ProviderGuards;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.OperatorJobs;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.store.webhook.WebhookRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jobrunr.storage.BackgroundJobServerStatus;
import org.jobrunr.storage.StorageProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The console's pages: server-rendered (Thymeleaf), the live parts polled by htmx. Who may open
 * which page is decided by the console's security chain (see {@code ConsoleAutoConfiguration});
 * every write is audited (sign-in, requeue, cancel, redelivery).
 */
@Controller
public class ConsoleController {
  private static final List<String> OPERATOR_RUN_TYPES =
      List.of("retention-enforcement", "tenant-erasure", "tenant-export");
  private static final List<String> FINANCE_RUN_TYPES =
      List.of("billing-reconciliation", "invoicing");

  private final ConsoleQueries queries;
  private final OperatorJobs jobs;
  private final TenantRepository tenants;
  private final WebhookRepository webhooks;
  private final BulkActions bulk;
  private final OperatorAudit audit;
  private final AuditTrail auditTrail;
  private final ConsoleProperties properties;
  private final Environment environment;
  private final ObjectProvider<SignedLinks> signedLinks;
  private final ObjectProvider<PlaybackLinks> playbackLinks;
  private final ObjectProvider<StorageProvider> jobrunr;
  private final ObjectProvider<ProviderGuards> guards;

  public ConsoleController(
      ConsoleQueries queries,
      OperatorJobs jobs,
      TenantRepository tenants,
      WebhookRepository webhooks,
      BulkActions bulk,
      OperatorAudit audit,
      AuditTrail auditTrail,
      ConsoleProperties properties,
      Environment environment,
      ObjectProvider<SignedLinks> signedLinks,
      ObjectProvider<PlaybackLinks> playbackLinks,
      ObjectProvider<StorageProvider> jobrunr,
      ObjectProvider<ProviderGuards> guards) {
    this.queries = queries;
    this.jobs = jobs;
    this.tenants = tenants;
    this.webhooks = webhooks;
    this.bulk = bulk;
    this.audit = audit;
    this.auditTrail = auditTrail;
    this.properties = properties;
    this.environment = environment;
    this.signedLinks = signedLinks;
    this.playbackLinks = playbackLinks;
    this.jobrunr = jobrunr;
    this.guards = guards;
  }

  @GetMapping("/console/login")
  String login() {
    return "console/login";
  }

  // ---- overview

  @GetMapping({"/console", "/console/"})
  String overview(Model model, Authentication user) {
    page(model, user, "overview");
    overviewModel(model);
    return "console/overview";
  }

  /** The live part of the overview, polled by htmx. */
  @GetMapping("/console/overview/live")
  String overviewLive(Model model, Authentication user) {
    page(model, user, "overview");
    overviewModel(model);
    return "console/overview :: live";
  }

  private void overviewModel(Model model) {
    Map<String, Object> api = jobs.overview(20);
    model.addAttribute("api", api);
    List<ConsoleQueries.Bucket> hour = queries.lastHour();
    model.addAttribute("chart", Chart.of(hour));
    long succeeded = hour.stream().mapToLong(ConsoleQueries.Bucket::succeeded).sum();
    long failed = hour.stream().mapToLong(ConsoleQueries.Bucket::failed).sum();
    model.addAttribute(
        "failureRate",
        succeeded + failed == 0
            ? "0"
            : String.format("%.1f", 100.0 * failed / (succeeded + failed)));
    model.addAttribute("dispatchLag", queries.dispatchLagSeconds());
    model.addAttribute("webhookOldest", queries.oldestPendingWebhookSeconds());
    model.addAttribute("workers", workers());
    model.addAttribute("circuits", circuits());
  }

  /** A live JobRunr server (worker process) with its slots and the jobs it runs. */
  public record Worker(String id, String name, int slots, long running, long heartbeatAgeSeconds) {}

  private List<Worker> workers() {
    StorageProvider storage = jobrunr.getIfAvailable();
    if (storage == null) {
      return List.of();
    }
    Map<String, Long> running = queries.runningByExecutor();
    Instant now = queries.now();
    List<Worker> workers = new ArrayList<>();
    for (BackgroundJobServerStatus server : storage.getBackgroundJobServers()) {
      if (!server.isRunning()) {
        continue;
      }
      workers.add(
          new Worker(
              server.getId().toString(),
              server.getName(),
              server.getWorkerPoolSize(),
              running.getOrDefault(server.getId().toString(), 0L),
              Math.max(0, Duration.between(server.getLastHeartbeat(), now).toSeconds())));
    }
    return workers;
  }

  private Map<String, String> circuits() {
    ProviderGuards g = guards.getIfAvailable();
    return g == null ? Map.of() : g.circuitStates();
  }

  // ---- jobs

  @GetMapping("/console/jobs")
  String jobsPage(
      Model model,
      Authentication user,
      @RequestParam(required = false) String tenant,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String status,
      @RequestParam(name = "error_code", required = false) String errorCode,
      @RequestParam(required = false) String cursor) {
    page(model, user, "jobs");
    ConsoleQueries.JobSearch search =
        new ConsoleQueries.JobSearch(tenant, type, status, errorCode, cursor);
    model.addAttribute("search", search);
    try {
      model.addAttribute("page", queries.searchJobs(search));
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    return "console/jobs";
  }

  @GetMapping("/console/jobs/{id}")
  String jobPage(
      Model model, Authentication user, @PathVariable String id, HttpServletRequest request) {
    page(model, user, "jobs");
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    JobRecord job =
        jobs.findById(new JobId(uuid))
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    model.addAttribute("job", job);
    Map<String, Object> wire = JobJson.of(job);
    PlaybackLinks playback = playbackLinks.getIfAvailable();
    if (playback != null) {
      wire = playback.decorateJob(job.tenantId(), wire, request);
    }
    model.addAttribute("wire", wire);
    model.addAttribute(
        "playbackUrl",
        wire.get("result") instanceof Map<?, ?> result ? result.get("playback_url") : null);
    model.addAttribute("events", jobs.events(job.id(), 0, 500));
    model.addAttribute("providerCalls", queries.providerAttempts(uuid));
    var deliveries = webhooks.deliveriesFor(job.tenantId(), job.id());
    model.addAttribute("deliveries", deliveries);
    Map<String, Object> deliveryAttempts = new LinkedHashMap<>();
    deliveries.forEach(d -> deliveryAttempts.put(d.id(), webhooks.attempts(d.id())));
    model.addAttribute("deliveryAttempts", deliveryAttempts);
    List<Map<String, Object>> outputs = new ArrayList<>();
    SignedLinks links = signedLinks.getIfAvailable();
    for (ConsoleQueries.Output output : queries.outputs(uuid)) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("output", output);
      o.put(
          "url",
          links == null
              ? null
              : request.getContextPath()
                  + links.sign(job.tenantId(), output.assetId(), Duration.ofHours(1)).path());
      outputs.add(o);
    }
    model.addAttribute("outputs", outputs);
    model.addAttribute(
        "runUrl",
        job.runId() == null ? null : jobrunrUrl(request) + "/dashboard/jobs/" + job.runId());
    return "console/job";
  }

  // ---- bulk actions

  @GetMapping("/console/bulk")
  String bulkPage(Model model, Authentication user) {
    page(model, user, "bulk");
    model.addAttribute("canRequeue", bulk.canRequeue());
    model.addAttribute("max", BulkActions.MAX_PER_ACTION);
    return "console/bulk";
  }

  @PostMapping("/console/bulk/requeue/preview")
  String requeuePreview(
      Model model,
      Authentication user,
      @RequestParam(name = "error_code") String errorCode,
      @RequestParam(required = false) String tenant,
      @RequestParam(required = false) String type,
      @RequestParam String from,
      @RequestParam String to) {
    page(model, user, "bulk");
    ConsoleQueries.FailedFilter filter = failedFilter(errorCode, tenant, type, from, to);
    model.addAttribute("filter", filter);
    model.addAttribute("count", queries.countFailed(filter));
    model.addAttribute("max", BulkActions.MAX_PER_ACTION);
    return "console/bulk-requeue-confirm";
  }

  @PostMapping("/console/bulk/requeue")
  String requeue(
      Model model,
      Authentication user,
      HttpServletRequest request,
      @RequestParam(name = "error_code") String errorCode,
      @RequestParam(required = false) String tenant,
      @RequestParam(required = false) String type,
      @RequestParam String from,
      @RequestParam String to,
      @RequestParam long previewed) {
    page(model, user, "bulk");
    if (!bulk.canRequeue()) {
      throw new ResponseStatusException(
          HttpStatus.SERVICE_UNAVAILABLE, "requeue needs the api role in this process");
    }
    ConsoleQueries.FailedFilter filter = failedFilter(errorCode, tenant, type, from, to);
    model.addAttribute("outcome", bulk.requeue(filter, previewed, user, request));
    model.addAttribute("filter", filter);
    return "console/bulk-requeue-done";
  }

  private static ConsoleQueries.FailedFilter failedFilter(
      String errorCode, String tenant, String type, String from, String to) {
    String code = ConsoleQueries.JobSearch.blankToNull(errorCode);
    if (code == null) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "error_code is required");
    }
    try {
      return new ConsoleQueries.FailedFilter(
          code,
          ConsoleQueries.JobSearch.blankToNull(tenant),
          ConsoleQueries.JobSearch.blankToNull(type),
          Instant.parse(from.strip()),
          Instant.parse(to.strip()));
    } catch (DateTimeParseException e) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "from and to are RFC 3339 times, e.g. 2026-12-05T10:00:00Z");
    }
  }

  @PostMapping("/console/bulk/cancel/preview")
  String cancelPreview(Model model, Authentication user, @RequestParam String tenant) {
    page(model, user, "bulk");
    String t = tenant.strip();
    model.addAttribute("tenant", t);
    model.addAttribute("count", queries.countQueued(t));
    model.addAttribute("max", BulkActions.MAX_PER_ACTION);
    return "console/bulk-cancel-confirm";
  }

  @PostMapping("/console/bulk/cancel")
  String cancel(
      Model model,
      Authentication user,
      HttpServletRequest request,
      @RequestParam String tenant,
      @RequestParam long previewed) {
    page(model, user, "bulk");
    model.addAttribute("tenant", tenant.strip());
    model.addAttribute("outcome", bulk.cancelQueued(tenant.strip(), previewed, user, request));
    return "console/bulk-cancel-done";
  }

  // ---- tenants, webhooks, providers

  @GetMapping("/console/tenants")
  String tenantsPage(Model model, Authentication user) {
    page(model, user, "tenants");
    model.addAttribute("tenants", queries.tenants(500));
    return "console/tenants";
  }

  @GetMapping("/console/tenants/{id}")
  String tenantPage(Model model, Authentication user, @PathVariable String id) {
    page(model, user, "tenants");
    Tenant tenant =
        tenants
            .find(new TenantId(id))
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    model.addAttribute("tenant", tenant);
    model.addAttribute("keys", tenants.keys(tenant.id()));
    model.addAttribute(
        "row",
        queries.tenants(100_000).stream()
            .filter(r -> id.equals(r.get("id")))
            .findFirst()
            .orElse(Map.of()));
    return "console/tenant";
  }

  @GetMapping("/console/webhooks")
  String webhooksPage(Model model, Authentication user) {
    page(model, user, "webhooks");
    model.addAttribute("api", jobs.overview(0));
    model.addAttribute("oldest", queries.oldestPendingWebhookSeconds());
    model.addAttribute("endpoints", queries.failingEndpoints());
    model.addAttribute("failed", queries.failedDeliveries());
    return "console/webhooks";
  }

  @PostMapping("/console/webhooks/redeliver")
  String redeliver(
      Authentication user,
      HttpServletRequest request,
      @RequestParam String tenant,
      @RequestParam String job) {
    UUID id;
    try {
      id = UUID.fromString(job);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
    }
    int n = webhooks.redeliver(new TenantId(tenant), new JobId(id));
    audit.record(
        audit
            .event(AuditEventType.WEBHOOKS_REDELIVERED, user, request)
            .tenant(new TenantId(tenant))
            .resource("job", job)
            .action("redeliver")
            .with("deliveries", n));
    return "redirect:/console/webhooks?redelivered=" + n;
  }

  @GetMapping("/console/providers")
  String providersPage(Model model, Authentication user) {
    page(model, user, "providers");
    model.addAttribute("circuits", circuits());
    model.addAttribute("calls", queries.providerCalls());
    return "console/providers";
  }

  // ---- finance, compliance

  @GetMapping("/console/billing")
  String billingPage(Model model, Authentication user) {
    page(model, user, "billing");
    model.addAttribute("available", queries.tableExists("invoices"));
    model.addAttribute("invoices", queries.invoices());
    model.addAttribute("findings", queries.reconciliationFindings());
    model.addAttribute("runs", queries.runsOf(FINANCE_RUN_TYPES));
    return "console/billing";
  }

  @GetMapping("/console/retention")
  String retentionPage(
      Model model,
      Authentication user,
      @RequestParam(required = false) String tenant,
      @RequestParam(required = false) String type) {
    page(model, user, "retention");
    model.addAttribute("runs", queries.runsOf(OPERATOR_RUN_TYPES));
    model.addAttribute("holds", queries.legalHolds());
    String t = ConsoleQueries.JobSearch.blankToNull(tenant);
    String ty = ConsoleQueries.JobSearch.blankToNull(type);
    model.addAttribute("auditTenant", t);
    model.addAttribute("auditType", ty);
    model.addAttribute(
        "audit", auditTrail.find(new AuditQuery(t, ty, null, null, null, null, null, 100)));
    return "console/retention";
  }

  // ----

  private void page(Model model, Authentication user, String active) {
    model.addAttribute("active", active);
    model.addAttribute("user", user.getName());
    Set<String> roles =
        user.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .filter(a -> a.startsWith("ROLE_"))
            .map(a -> a.substring("ROLE_".length()).toLowerCase(java.util.Locale.ROOT))
            .collect(Collectors.toSet());
    model.addAttribute("roles", roles);
    model.addAttribute("isOperator", roles.contains("operator") || roles.contains("admin"));
    model.addAttribute("isFinance", roles.contains("finance") || roles.contains("admin"));
    model.addAttribute("isCompliance", roles.contains("compliance") || roles.contains("admin"));
  }

  private String jobrunrUrl(HttpServletRequest request) {
    String configured = properties.jobrunrDashboardUrl();
    if (configured != null && !configured.isBlank()) {
      return configured.replaceAll("/+$", "");
    }
    return request.getScheme()
        + "://"
        + request.getServerName()
        + ":"
        + environment.getProperty("jobrunr.dashboard.port", "8000");
  }
}
