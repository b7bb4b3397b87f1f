package ai.omnix.pipeline.generation.job;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.handler.JobSuspendedException;
import ai.omnix.pipeline.core.provider.ProviderAttempt.Outcome;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import ai.omnix.pipeline.generation.job.GenerationStep.Decision;
import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GenerationProviders;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.generation.route.ModelRouter;
import ai.omnix.pipeline.generation.route.Route;
import ai.omnix.pipeline.generation.route.RoutingException;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.guard.ProviderGuards;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code generate-image} and {@code generate-video}. Each run does a little and gives its
 * thread back: it polls the provider operations the job waits on and adopts the first result that
 * arrives; when nothing live is pending, it submits to the next route the router lists (cheapest
 * first), skipping what the guards hold back and failing over on 429, 5xx, timeouts and malformed
 * answers, never on invalid requests, refused keys or content-policy refusals; then it suspends the
 * job ({@link JobSuspendedException}) until the next poll.
 *
 * <p>What to do next is decided by {@link GenerationStep}, a pure function; this class only
 * performs its decisions: polls here, submits through {@link RouteSubmission}, deliveries and
 * abandonment through {@link ResultDelivery}.
 *
 * <p>Billing: the tenant pays the catalog price of the route whose result the job delivers, once.
 * An attempt that timed out stays pending while the job fails over, so whichever provider delivers
 * first is adopted; an attempt that delivers after that is recorded {@code discarded} (its cost is
 * ours), and one still running is {@code abandoned}. Thread-safe.
 */
public final class GenerationJobHandler implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(GenerationJobHandler.class);

  private final String type;
  private final ModelRouter router;
  private final GenerationProviders providers;
  private final ProviderGuards guards;
  private final ProviderAttemptLog attempts;
  private final GenerationSettings settings;
  private final Clock clock;
  private final GenerationStep step;
  private final RouteSubmission submission;
  private final ResultDelivery delivery;

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
    this.step = new GenerationStep(settings, GenerationJobType.VIDEO.equals(type));
    this.submission =
        new RouteSubmission(providers, guards, attempts, settings.maxPollInterval(), clock);
    this.delivery = new ResultDelivery(providers, attempts, router.catalog(), settings);
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
      // A run that died after billing: deliver the same outputs, bill nothing more.
      attempts.finish(cp.adopted.attemptId(), Outcome.SUCCEEDED, cp.adopted.credits(), null);
      return ResultDelivery.result(cp.adopted);
    }
    Instant now = clock.instant();
    GenerationStep.begin(cp, execution.attempt(), now);
    GenerationRun run = new GenerationRun(execution, request, cp, settings.maxInputImageBytes());
    GenerationStep.Run knowledge = start(request, capability, now);
    try {
      while (true) {
        Decision next = step.decide(cp, knowledge, clock.instant());
        if (next instanceof GenerationStep.Poll poll) {
          poll(run, knowledge, poll.operation());
        } else if (next instanceof GenerationStep.Submit submit) {
          knowledge.tried(
              submit.route(),
              submission.submit(run, knowledge, submit.route(), submit.tokenReserved()));
        } else if (next instanceof GenerationStep.Deliver deliver) {
          return delivery.adopt(run, deliver.attempt(), deliver.result());
        } else if (next instanceof GenerationStep.Wait wait) {
          execution.reportProgress(
              Math.min(90, 10 + 10 * cp.pending.stream().mapToInt(p -> p.polls).sum()));
          run.save();
          throw new JobSuspendedException(wait.after(), wait.reason());
        } else {
          throw fail(run, knowledge, (GenerationStep.Fail) next);
        }
      }
    } catch (JobCanceledException | JobSuspendedException | JobFailedException expected) {
      throw expected;
    } catch (RuntimeException e) {
      if (cp.pending.isEmpty()) {
        throw e;
      }
      // A blip (database, storage) while operations are live: poll again later rather than spend
      // one of the job's few attempts and abandon a paid operation. The job timeout still bounds
      // how long this can go on.
      log.warn(
          "job {}: run failed while waiting on a provider; polling again later",
          execution.jobId(),
          e);
      throw new JobSuspendedException(
          step.nextPoll(cp, guards::expectedCompletion, clock.instant()),
          GenerationStep.WAITING_FOR_PROVIDER);
    }
  }

  private GenerationStep.Run start(GenerationRequest request, Capability capability, Instant now) {
    List<Route> routes = null;
    RoutingException routingFailure = null;
    try {
      routes = router.routes(request.spec());
    } catch (RoutingException e) {
      routingFailure = e;
    }
    return new GenerationStep.Run(
        now, providers.serving(capability), routes, routingFailure, guards::expectedCompletion);
  }

  /** Polls without the input image: providers know it from the submit. */
  private void poll(GenerationRun run, GenerationStep.Run knowledge, GenerationCheckpoint.Pending p)
      throws ProviderException {
    run.execution.throwIfCanceled();
    ProviderResponse response;
    try {
      response =
          run.provider(providers, p.provider)
              .poll(
                  run.toProvider(run.routeOf(router.catalog(), p), p.attemptId, null),
                  p.operationId);
    } catch (ProviderException e) {
      switch (GenerationStep.afterPollFailure(e.kind())) {
        case REFUSED -> {
          attempts.finish(p.attemptId, Outcome.FAILED, 0, e.kind().code());
          run.checkpoint.pending.remove(p);
          knowledge.refused(e, p.provider);
          return;
        }
        case DROP -> {
          attempts.finish(p.attemptId, Outcome.FAILED, 0, e.kind().code());
          guards.circuit(p.routeKey).onError(0, TimeUnit.MILLISECONDS, e);
          run.checkpoint.pending.remove(p);
          return;
        }
        default -> {
          log.info(
              "job {}: polling {} failed ({}); polling again",
              run.execution.jobId(),
              p.routeKey,
              e.getMessage());
          response = new ProviderResponse.Pending(p.operationId, null);
        }
      }
    }
    knowledge.polled(p);
    if (response instanceof ProviderResponse.Completed completed) {
      // The provider is done: its slot goes to the next job while this one downloads.
      attempts.completed(p.attemptId);
      run.checkpoint.pending.remove(p);
      guards.observedCompletion(p.routeKey, Duration.between(p.submittedAt, clock.instant()));
      knowledge.delivered(GenerationStep.Attempt.of(p), completed);
      return;
    }
    p.polls++;
    if (response instanceof ProviderResponse.Pending pending && pending.pollAfter() != null) {
      p.hintMillis = pending.pollAfter().toMillis();
    }
    if (step.outlived(p, clock.instant())) {
      p.timedOut = true;
      Duration limit = step.attemptTimeout();
      guards
          .circuit(p.routeKey)
          .onError(
              limit.toNanos(),
              TimeUnit.NANOSECONDS,
              new ProviderException(ProviderException.Kind.TIMEOUT, 0, "operation timed out"));
      log.info(
          "job {}: {} did not deliver within {}; failing over, still accepting its result",
          run.execution.jobId(),
          p.routeKey,
          limit);
    }
  }

  private JobFailedException fail(
      GenerationRun run, GenerationStep.Run knowledge, GenerationStep.Fail fail) {
    if (knowledge.refusal != null) {
      log.warn("generation refused by {}: {}", knowledge.refusedBy, knowledge.refusal.getMessage());
    }
    if (fail.abandonPending()) {
      delivery.abandonAll(run);
    }
    run.save();
    return new JobFailedException(fail.code(), fail.message(), fail.retryable());
  }
}
