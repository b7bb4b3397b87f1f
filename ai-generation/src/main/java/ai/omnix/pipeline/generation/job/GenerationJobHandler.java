package ai.omnix.pipeline.generation.job;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.handler.JobSuspendedException;
import ai.omnix.pipeline.core.provider.ProviderAttempt.Outcome;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.GenerationProviders;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.generation.route.ModelRouter;
import ai.omnix.pipeline.generation.route.Route;
import ai.omnix.pipeline.generation.route.RoutingException;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import ai.omnix.pipeline.providers.guard.ProviderGuards;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code generate-image} and {@code generate-video}. Each run does a little and gives its
 * thread back:
 *
 * <ol>
 *   <li>polls the provider operations the job waits on, and adopts the first result that arrives;
 *   <li>when nothing live is pending, submits to the next route the router lists (cheapest first),
 *       skipping open circuits and providers out of tokens, and failing over on 429, 5xx, timeouts
 *       and malformed answers, never on invalid requests, refused keys or content-policy refusals;
 *   <li>suspends the job ({@link JobSuspendedException}) until the next poll, with backoff.
 * </ol>
 *
 * <p>Billing: the tenant pays the catalog price of the route whose result the job delivers, once.
 * An attempt that timed out stays pending while the job fails over, so whichever provider delivers
 * first is adopted; an attempt that delivers after that is recorded {@code discarded} (its cost is
 * ours), and one still running is {@code abandoned}. The adopted outputs are saved in the
 * checkpoint before the attempt is billed, so a run that dies after billing delivers the same
 * outputs when re-run. Thread-safe.
 */
public final class GenerationJobHandler implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(GenerationJobHandler.class);
  static final String WAITING_FOR_PROVIDER = "waiting_for_provider";
  static final String WAITING_FOR_RATE_LIMIT = "waiting_for_rate_limit";
  static final String WAITING_FOR_CAPACITY = "waiting_for_capacity";
  private static final long MIN_WAIT_MS = 200;

  private final String type;
  private final ModelRouter router;
  private final GenerationProviders providers;
  private final ProviderGuards guards;
  private final ProviderAttemptLog attempts;
  private final GenerationSettings settings;
  private final Clock clock;

  public GenerationJobHandler(
      String type,
      ModelRouter router,
      GenerationProviders providers,
      ProviderGuards guards,
      ProviderAttemptLog attempts,
      GenerationSettings settings,
      Clock clock) {
    this.type = type;
    this.router = router;
    this.providers = providers;
    this.guards = guards;
    this.attempts = attempts;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public JobResult handle(JobExecution execution) throws Exception {
    Capability capability =
        GenerationJobType.VIDEO.equals(type)
            ? Capability.VIDEO
            : execution.input().kind() == JobInput.Kind.ASSET
                ? Capability.IMAGE_EDIT
                : Capability.IMAGE;
    GenerationRequest request = GenerationRequest.parse(capability, execution.params());
    GenerationCheckpoint cp = GenerationCheckpoint.from(execution.checkpoint());
    if (cp.adopted != null) {
      attempts.finish(cp.adopted.attemptId(), Outcome.SUCCEEDED, cp.adopted.credits(), null);
      return result(cp.adopted);
    }
    Instant now = clock.instant();
    if (cp.startedAt == null) {
      cp.startedAt = now;
    }
    if (cp.jobAttempt != execution.attempt()) {
      cp.jobAttempt =
          execution.attempt(); // a retry after a failed attempt gives every route another chance
      cp.tried.clear();
    }
    boolean video = capability == Capability.VIDEO;
    if (now.isAfter(
        cp.startedAt.plus(video ? settings.videoJobTimeout() : settings.imageJobTimeout()))) {
      abandonAll(cp, request, null);
      execution.saveCheckpoint(cp.toMap());
      throw new JobFailedException(
          "generation_timeout",
          "No provider delivered within "
              + (video ? settings.videoJobTimeout() : settings.imageJobTimeout()).toMinutes()
              + " minutes.",
          false);
    }
    try {
      Optional<JobResult> delivered = pollPending(execution, request, cp, video);
      if (delivered.isPresent()) {
        return delivered.get();
      }
      execution.throwIfCanceled();
      Duration rateLimitWait = null;
      boolean capacityWait = false;
      if (cp.pending.stream().allMatch(p -> p.timedOut)) {
        Submitted submitted = submitNext(execution, request, cp, video);
        if (submitted.result != null) {
          return submitted.result;
        }
        rateLimitWait = submitted.rateLimitWait;
        capacityWait = submitted.capacityWait;
        if (!submitted.submitted && rateLimitWait == null && cp.pending.isEmpty()) {
          execution.saveCheckpoint(cp.toMap());
          throw new JobFailedException(
              "providers_unavailable",
              "Every provider that can serve this request failed"
                  + " or is unavailable right now"
                  + (submitted.lastFailure == null
                      ? ""
                      : " (last: " + submitted.lastFailure.code() + ")")
                  + "; the job is retried while attempts remain.",
              true);
        }
      }
      execution.reportProgress(
          Math.min(90, 10 + 10 * cp.pending.stream().mapToInt(p -> p.polls).sum()));
      execution.saveCheckpoint(cp.toMap());
      if (cp.pending.isEmpty() && rateLimitWait != null) {
        throw new JobSuspendedException(
            clampWait(rateLimitWait), capacityWait ? WAITING_FOR_CAPACITY : WAITING_FOR_RATE_LIMIT);
      }
      throw new JobSuspendedException(nextPoll(cp, video), WAITING_FOR_PROVIDER);
    } catch (JobCanceledException | JobSuspendedException | JobFailedException expected) {
      throw expected;
    } catch (RuntimeException e) {
      if (cp.pending.isEmpty()) {
        throw e;
      }
      // A blip (database, storage) while operations are live: poll again later rather than spend
      // one of the job's
      // few attempts and abandon a paid operation. The job timeout still bounds how long this can
      // go on.
      log.warn(
          "job {}: run failed while waiting on a provider; polling again later",
          execution.jobId(),
          e);
      throw new JobSuspendedException(nextPoll(cp, video), WAITING_FOR_PROVIDER);
    }
  }

  /** Polls without the input image: providers know it from the submit. */
  private Optional<JobResult> pollPending(
      JobExecution execution, GenerationRequest request, GenerationCheckpoint cp, boolean video)
      throws Exception {
    ProviderRequest.InputImage inputImage = null;
    Duration attemptTimeout =
        video ? settings.videoAttemptTimeout() : settings.imageAttemptTimeout();
    for (GenerationCheckpoint.Pending p : List.copyOf(cp.pending)) {
      execution.throwIfCanceled();
      GenerationProvider provider = providers.find(p.provider, request.capability()).orElse(null);
      if (provider == null) {
        // This worker lacks the key; another has it. Leave the operation pending for a worker that
        // can poll it.
        throw new JobFailedException(
            "no_provider_configured",
            "This worker cannot reach provider '" + p.provider + "'; the job is retried elsewhere.",
            true);
      }
      Route route = routeOf(request, p);
      ProviderResponse response;
      try {
        response =
            provider.poll(
                request.toProvider(route, inputImage, idempotencyKey(execution, p.attemptId)),
                p.operationId);
      } catch (ProviderException e) {
        if (!e.kind().failover()) {
          attempts.finish(p.attemptId, Outcome.FAILED, 0, e.kind().code());
          cp.pending.remove(p);
          abandonAll(cp, request, inputImage);
          execution.saveCheckpoint(cp.toMap());
          throw refused(e, p.provider);
        }
        if (e.kind() == Kind.GENERATION_FAILED) {
          attempts.finish(p.attemptId, Outcome.FAILED, 0, e.kind().code());
          guards.circuit(p.routeKey).onError(0, TimeUnit.MILLISECONDS, e);
          cp.pending.remove(p);
          continue;
        }
        log.info(
            "job {}: polling {} failed ({}); polling again",
            execution.jobId(),
            p.routeKey,
            e.getMessage());
        response = new ProviderResponse.Pending(p.operationId, null);
      }
      if (response instanceof ProviderResponse.Completed completed) {
        // The provider is done: its slot goes to the next job while this one downloads.
        attempts.completed(p.attemptId);
        cp.pending.remove(p);
        guards.observedCompletion(p.routeKey, Duration.between(p.submittedAt, clock.instant()));
        return Optional.of(
            adopt(
                execution,
                request,
                inputImage,
                provider,
                completed,
                p.attemptId,
                p.credits,
                p.model,
                p.provider,
                cp,
                video));
      }
      p.polls++;
      if (response instanceof ProviderResponse.Pending pending && pending.pollAfter() != null) {
        p.hintMillis = pending.pollAfter().toMillis();
      }
      if (!p.timedOut && clock.instant().isAfter(p.submittedAt.plus(attemptTimeout))) {
        p.timedOut = true;
        guards
            .circuit(p.routeKey)
            .onError(
                attemptTimeout.toNanos(),
                TimeUnit.NANOSECONDS,
                new ProviderException(Kind.TIMEOUT, 0, "operation timed out"));
        log.info(
            "job {}: {} did not deliver within {}; failing over, still accepting its result",
            execution.jobId(),
            p.routeKey,
            attemptTimeout);
      }
    }
    return Optional.empty();
  }

  private static final class Submitted {
    boolean submitted;
    boolean capacityWait;
    JobResult result;
    Duration rateLimitWait;
    Kind lastFailure;

    /** Comes back after {@code wait} or sooner: the earliest of the routes' waits wins. */
    void waitAtMost(Duration wait) {
      if (rateLimitWait == null || wait.compareTo(rateLimitWait) < 0) {
        rateLimitWait = wait;
      }
    }
  }

  private Submitted submitNext(
      JobExecution execution, GenerationRequest request, GenerationCheckpoint cp, boolean video)
      throws Exception {
    Submitted outcome = new Submitted();
    ProviderRequest.InputImage inputImage = inputImage(execution);
    List<Route> routes;
    try {
      routes = router.routes(request.spec());
    } catch (RoutingException e) {
      // The API found a route at submission: a worker without that provider's key may be alone in
      // lacking it.
      throw new JobFailedException(
          e.code(), e.getMessage(), "no_provider_configured".equals(e.code()));
    }
    for (Route route : routes) {
      if (cp.tried.contains(route.key())
          || cp.pending.stream().anyMatch(p -> p.routeKey.equals(route.key()))) {
        continue;
      }
      GenerationProvider provider =
          providers.find(route.provider(), request.capability()).orElse(null);
      CircuitBreaker circuit = guards.circuit(route.key());
      if (provider == null || !circuit.tryAcquirePermission()) {
        continue;
      }
      Instant now = clock.instant();
      if (route.key().equals(cp.reservedRoute) && now.isBefore(cp.reservedAt)) {
        circuit.releasePermission();
        outcome.rateLimitWait = Duration.between(now, cp.reservedAt);
        return outcome;
      }
      if (!route.key().equals(cp.reservedRoute)) {
        Optional<Duration> reserved =
            guards.reserveSubmit(route.provider(), settings.maxPollInterval());
        if (reserved.isEmpty() || !reserved.get().isZero()) {
          circuit.releasePermission();
          if (reserved.isEmpty()) {
            outcome.rateLimitWait = settings.maxPollInterval();
            continue; // a long queue for this provider: a dearer route may be free now
          }
          // Our place in the provider's queue: come back then, and the token is ours.
          cp.reservedRoute = route.key();
          cp.reservedAt = now.plus(reserved.get());
          outcome.rateLimitWait = reserved.get();
          return outcome;
        }
      }
      cp.reservedRoute = null;
      cp.reservedAt = null;
      if (!guards.tryEnterCall(route.provider())) {
        circuit.releasePermission();
        outcome.rateLimitWait = Duration.ofSeconds(1);
        continue;
      }
      long started = System.nanoTime();
      UUID attemptId = null;
      ProviderResponse response;
      try {
        int maxInFlight = guards.maxInFlight(route.provider());
        if (maxInFlight > 0) {
          Optional<UUID> slot =
              attempts.startWithin(
                  execution.jobId(),
                  route.provider(),
                  route.model().id(),
                  route.credits(),
                  maxInFlight);
          if (slot.isEmpty()) {
            // The provider is working on all it takes: the next attempt there to end wakes us.
            attempts.awaitCapacity(execution.jobId(), route.provider());
            circuit.releasePermission();
            outcome.capacityWait = true;
            outcome.waitAtMost(settings.maxPollInterval());
            continue;
          }
          attemptId = slot.get();
        } else {
          attemptId =
              attempts.start(
                  execution.jobId(), route.provider(), route.model().id(), route.credits());
        }
        cp.tried.add(route.key());
        execution.saveCheckpoint(cp.toMap());
        response =
            provider.submit(
                request.toProvider(route, inputImage, idempotencyKey(execution, attemptId)));
        circuit.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      } catch (RuntimeException e) {
        // Not the provider's answer (a stale run, a cancel, a client bug): no mark against its
        // health.
        circuit.releasePermission();
        throw e;
      } catch (ProviderException e) {
        if (execution.isCancelRequested()) {
          circuit.releasePermission();
          attempts.finish(attemptId, Outcome.ABANDONED, 0, null);
          throw new ai.omnix.pipeline.core.job.handler.JobCanceledException();
        }
        if (!e.kind().failover()) {
          circuit.releasePermission();
          attempts.finish(attemptId, Outcome.FAILED, 0, e.kind().code());
          abandonAll(cp, request, inputImage);
          execution.saveCheckpoint(cp.toMap());
          throw refused(e, route.provider());
        }
        attempts.finish(
            attemptId,
            e.kind() == Kind.TIMEOUT ? Outcome.TIMED_OUT : Outcome.FAILED,
            0,
            e.kind().code());
        if (e.kind() == Kind.RATE_LIMITED) {
          // Busy, not broken: no mark against its health, and the route may be tried again after
          // the wait.
          circuit.releasePermission();
          cp.tried.remove(route.key());
          Duration w =
              e.retryAfter() == null || e.retryAfter().isZero()
                  ? Duration.ofSeconds(1)
                  : e.retryAfter();
          outcome.waitAtMost(w);
        } else {
          circuit.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
        }
        log.info(
            "job {}: {} failed ({}); failing over", execution.jobId(), route.key(), e.getMessage());
        outcome.lastFailure = e.kind();
        continue;
      } finally {
        guards.exitCall(route.provider());
      }
      outcome.submitted = true;
      if (response instanceof ProviderResponse.Completed completed) {
        outcome.result =
            adopt(
                execution,
                request,
                inputImage,
                provider,
                completed,
                attemptId,
                route.credits(),
                route.model().id(),
                route.provider(),
                cp,
                video);
        return outcome;
      }
      ProviderResponse.Pending pending = (ProviderResponse.Pending) response;
      attempts.accepted(attemptId, pending.operationId());
      GenerationCheckpoint.Pending p = new GenerationCheckpoint.Pending();
      p.attemptId = attemptId;
      p.routeKey = route.key();
      p.provider = route.provider();
      p.providerModel = route.endpoint().providerModel();
      p.model = route.model().id();
      p.operationId = pending.operationId();
      p.credits = route.credits();
      p.submittedAt = clock.instant();
      p.hintMillis = pending.pollAfter() == null ? 0 : pending.pollAfter().toMillis();
      cp.pending.add(p);
      // Saved at once: a run that dies now leaves the operation to be polled, not submitted again.
      execution.saveCheckpoint(cp.toMap());
      return outcome;
    }
    return outcome;
  }

  private JobResult adopt(
      JobExecution execution,
      GenerationRequest request,
      ProviderRequest.InputImage inputImage,
      GenerationProvider provider,
      ProviderResponse.Completed completed,
      UUID attemptId,
      long credits,
      String model,
      String providerName,
      GenerationCheckpoint cp,
      boolean video)
      throws Exception {
    JobInput input = execution.input();
    // Proves this run is still the job's (the save is guarded by the run id) before outputs are
    // replaced: a run the
    // sweeper gave up on must not overwrite what a newer run delivered. A pause between here and
    // the writes can
    // still do it.
    execution.saveCheckpoint(cp.toMap());
    String source = input.kind() == JobInput.Kind.ASSET ? input.assetIds().get(0) : null;
    List<String> outputs = new ArrayList<>();
    List<GeneratedMedia> media = completed.media();
    for (int i = 0; i < media.size(); i++) {
      execution.throwIfCanceled();
      GeneratedMedia m = media.get(i);
      long max = video ? settings.maxVideoBytes() : settings.maxImageBytes();
      try (InputStream raw =
              m.data() != null ? new java.io.ByteArrayInputStream(m.data()) : provider.download(m);
          BufferedInputStream in =
              new BufferedInputStream(new BoundedInputStream(raw, max), 64 * 1024)) {
        MediaKind kind = MediaKind.sniff(in);
        if (kind == null || kind.video() != video) {
          throw new ProviderException(
              Kind.MALFORMED_RESPONSE,
              200,
              providerName
                  + " delivered a file that is not a "
                  + (video ? "video" : "PNG/JPEG/WebP image"));
        }
        String name =
            video ? "video." + kind.extension() : "image-" + (i + 1) + "." + kind.extension();
        JobAssets.OutputAsset out =
            execution.assets().write(name, source, in, -1, kind.contentType());
        outputs.add(out.id());
      } catch (ProviderException e) {
        attempts.finish(attemptId, Outcome.FAILED, 0, e.kind().code());
        cp.pending.removeIf(p -> p.attemptId.equals(attemptId));
        execution.saveCheckpoint(cp.toMap());
        throw new JobFailedException(
            e.kind().code(),
            "The provider's result could not be fetched or was not a"
                + " valid file; the job is retried while attempts remain.",
            true,
            e);
      } catch (IOException | java.io.UncheckedIOException e) {
        if (!tooLarge(e)) {
          throw e;
        }
        attempts.finish(attemptId, Outcome.FAILED, 0, "provider_output_too_large");
        execution.saveCheckpoint(cp.toMap());
        throw new JobFailedException(
            "provider_output_too_large",
            "The provider delivered a file larger than " + (max >> 20) + " MiB.",
            false);
      }
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("model", model);
    summary.put("provider", providerName);
    if (completed.requestId() != null) {
      summary.put("provider_request_id", completed.requestId());
    }
    summary.put("outputs", outputs.size());
    summary.put("synthetic", "offline".equals(providerName));
    // Saved before billing: a run that dies after billing delivers these same outputs when re-run.
    cp.adopted = new GenerationCheckpoint.Adopted(attemptId, outputs, credits, summary);
    execution.saveCheckpoint(cp.toMap());
    attempts.finish(
        attemptId,
        Outcome.SUCCEEDED,
        completed.costCredits() != null ? completed.costCredits() : credits,
        null);
    abandonAll(cp, request, inputImage);
    execution.saveCheckpoint(cp.toMap());
    return result(cp.adopted);
  }

  /**
   * Ends every other pending attempt: one last poll each, so a result that arrived meanwhile is
   * recorded as discarded (we paid for it; the tenant does not), and one still running as
   * abandoned.
   */
  private void abandonAll(
      GenerationCheckpoint cp, GenerationRequest request, ProviderRequest.InputImage inputImage) {
    for (GenerationCheckpoint.Pending p : List.copyOf(cp.pending)) {
      GenerationProvider provider = providers.find(p.provider, request.capability()).orElse(null);
      boolean delivered = false;
      if (provider != null && cp.adopted != null) {
        try {
          delivered =
              provider.poll(
                      request.toProvider(routeOf(request, p), inputImage, null), p.operationId)
                  instanceof ProviderResponse.Completed;
        } catch (ProviderException | RuntimeException e) {
          delivered = false;
        }
      }
      if (provider != null && !delivered) {
        try {
          provider.cancel(request.toProvider(routeOf(request, p), inputImage, null), p.operationId);
        } catch (ProviderException | RuntimeException e) {
          log.info(
              "attempt {}: could not cancel {} operation {}: {}",
              p.attemptId,
              p.provider,
              p.operationId,
              e.getMessage());
        }
      }
      attempts.finish(
          p.attemptId,
          delivered ? Outcome.SUCCEEDED : Outcome.ABANDONED,
          delivered ? p.credits : 0,
          null);
      cp.pending.remove(p);
    }
  }

  private static boolean tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BoundedInputStream.TooLargeException) {
        return true;
      }
    }
    return false;
  }

  private static JobResult result(GenerationCheckpoint.Adopted adopted) {
    return new JobResult(adopted.outputAssetIds(), adopted.summary(), adopted.credits());
  }

  private JobFailedException refused(ProviderException e, String provider) {
    String message =
        switch (e.kind()) {
          case CONTENT_POLICY ->
              "The provider refused the prompt or its result under its content policy.";
          case UNAUTHORIZED ->
              "The pipeline's credentials for provider '"
                  + provider
                  + "' were refused; operators"
                  + " must fix the configuration.";
          default ->
              "The provider refused the request as invalid (for example a size, duration or input image it"
                  + " does not support).";
        };
    log.warn("generation refused by {}: {}", provider, e.getMessage());
    return new JobFailedException(e.kind().code(), message, false);
  }

  private Route routeOf(GenerationRequest request, GenerationCheckpoint.Pending p) {
    return router
        .catalog()
        .model(p.model)
        .flatMap(
            m ->
                m.endpoints().stream()
                    .filter(e -> e.key().equals(p.routeKey))
                    .findFirst()
                    .map(e -> new Route(m, e, p.credits)))
        .orElseThrow(
            () ->
                new JobFailedException(
                    "model_removed",
                    "The model this job waits on was removed from" + " the catalog.",
                    false));
  }

  private ProviderRequest.InputImage inputImage(JobExecution execution) throws IOException {
    if (execution.input().kind() != JobInput.Kind.ASSET) {
      return null;
    }
    String id = execution.input().assetIds().get(0);
    JobAssets.InputAsset asset = execution.assets().describe(id);
    String contentType = asset.contentType() == null ? "" : asset.contentType();
    if (!contentType.equals("image/png")
        && !contentType.equals("image/jpeg")
        && !contentType.equals("image/webp")) {
      throw new JobFailedException(
          "unsupported_input", "The input asset must be a PNG, JPEG or WebP image.", false);
    }
    if (asset.size() > settings.maxInputImageBytes()) {
      throw new JobFailedException(
          "input_too_large",
          "The input image is larger than " + (settings.maxInputImageBytes() >> 20) + " MiB.",
          false);
    }
    try (InputStream in = execution.assets().open(id)) {
      return new ProviderRequest.InputImage(
          in.readNBytes((int) settings.maxInputImageBytes()), contentType);
    }
  }

  private static String idempotencyKey(JobExecution execution, UUID attemptId) {
    return execution.jobId() + ":" + attemptId;
  }

  /**
   * The next poll. Before the first, when this process has seen the endpoint finish operations: at
   * 90 % of their usual time, so most are found done at the first poll (each poll is a run of the
   * job) and the estimate can drift down as well as up. Otherwise the provider's hint, else 1 s
   * (images) or 5 s (videos), growing 1.5x per poll, capped.
   */
  Duration nextPoll(GenerationCheckpoint cp, boolean video) {
    long best = Long.MAX_VALUE;
    java.time.Instant now = clock.instant();
    for (GenerationCheckpoint.Pending p : cp.pending) {
      long base = p.hintMillis > 0 ? p.hintMillis : video ? 5_000 : 1_000;
      double grown = base * Math.pow(1.5, Math.max(0, p.polls - 1));
      if (p.polls == 0) {
        Optional<Duration> usual = guards.expectedCompletion(p.routeKey);
        if (usual.isPresent()) {
          long elapsed = Duration.between(p.submittedAt, now).toMillis();
          grown = Math.max(MIN_WAIT_MS, usual.get().toMillis() * 0.9 - elapsed);
        }
      }
      best = Math.min(best, (long) Math.min(grown, settings.maxPollInterval().toMillis()));
    }
    return Duration.ofMillis(best == Long.MAX_VALUE ? 1_000 : best);
  }

  private Duration clampWait(Duration wait) {
    Duration min = Duration.ofMillis(MIN_WAIT_MS);
    Duration capped =
        wait.compareTo(settings.maxPollInterval()) > 0 ? settings.maxPollInterval() : wait;
    return capped.compareTo(min) < 0 ? min : capped;
  }
}
