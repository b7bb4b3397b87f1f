package ai.omnix.pipeline.generation.job;

import ai.omnix.pipeline.core.job.handler.JobCanceledException;
import ai.omnix.pipeline.core.provider.ProviderAttempt.Outcome;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import ai.omnix.pipeline.generation.job.GenerationStep.AfterSubmitFailure;
import ai.omnix.pipeline.generation.job.GenerationStep.Attempt;
import ai.omnix.pipeline.generation.job.GenerationStep.Held;
import ai.omnix.pipeline.generation.job.GenerationStep.Tried;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.GenerationProviders;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.generation.route.Route;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.guard.ProviderGuards;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries one route for {@link GenerationStep.Submit}: asks its guards in order, cheapest question
 * first (circuit, this worker's call slot, the provider's capacity, a rate-limit token), so a
 * refusal spends nothing the later questions would; then records the attempt and submits. Every
 * permission taken is given back on every path. Returns what came of it, for the step.
 */
record RouteSubmission(
    GenerationProviders providers,
    ProviderGuards guards,
    ProviderAttemptLog attempts,
    Duration maxWait,
    Clock clock) {
  private static final Logger log = LoggerFactory.getLogger(RouteSubmission.class);

  Tried submit(GenerationRun run, GenerationStep.Run step, Route route, boolean tokenReserved)
      throws Exception {
    run.execution.throwIfCanceled();
    ProviderRequest.InputImage image = run.inputImage();
    GenerationCheckpoint cp = run.checkpoint;
    CircuitBreaker circuit = guards.circuit(route.key());
    if (!circuit.tryAcquirePermission()) {
      return Held.CIRCUIT_OPEN;
    }
    if (!guards.tryEnterCall(route.provider())) {
      circuit.releasePermission();
      return Held.NO_CALL_SLOT;
    }
    boolean calling = false;
    try {
      int maxInFlight = guards.maxInFlight(route.provider());
      if (maxInFlight > 0 && attempts.inFlight(route.provider()) >= maxInFlight) {
        return awaitCapacity(run, route, circuit);
      }
      if (!tokenReserved) {
        Optional<Duration> reserved = guards.reserveSubmit(route.provider(), maxWait);
        if (reserved.isEmpty()) {
          circuit.releasePermission();
          return Held.TOKEN_TOO_FAR;
        }
        if (!reserved.get().isZero()) {
          circuit.releasePermission();
          cp.reservedRoute = route.key();
          cp.reservedAt = clock.instant().plus(reserved.get());
          return new GenerationStep.TokenLater(reserved.get());
        }
      }
      cp.reservedRoute = null;
      cp.reservedAt = null;
      UUID attemptId;
      if (maxInFlight > 0) {
        Optional<UUID> slot =
            attempts.startWithin(
                run.execution.jobId(),
                route.provider(),
                route.model().id(),
                route.credits(),
                maxInFlight);
        if (slot.isEmpty()) {
          return awaitCapacity(run, route, circuit); // another worker took the last slot first
        }
        attemptId = slot.get();
      } else {
        attemptId =
            attempts.start(
                run.execution.jobId(), route.provider(), route.model().id(), route.credits());
      }
      calling = true; // from here on call() settles the circuit permission itself
      return call(run, step, route, circuit, attemptId, image);
    } catch (RuntimeException e) {
      if (!calling) {
        circuit.releasePermission(); // the store failed us, not the provider
      }
      throw e;
    } finally {
      guards.exitCall(route.provider());
    }
  }

  private Tried awaitCapacity(GenerationRun run, Route route, CircuitBreaker circuit) {
    // The provider is working on all it takes: the next attempt there to end wakes us.
    attempts.awaitCapacity(run.execution.jobId(), route.provider());
    circuit.releasePermission();
    return Held.NO_CAPACITY;
  }

  private Tried call(
      GenerationRun run,
      GenerationStep.Run step,
      Route route,
      CircuitBreaker circuit,
      UUID attemptId,
      ProviderRequest.InputImage image)
      throws ProviderException {
    GenerationCheckpoint cp = run.checkpoint;
    cp.tried.add(route.key());
    run.save();
    GenerationProvider provider = run.provider(providers, route.provider());
    long started = System.nanoTime();
    ProviderResponse response;
    try {
      response = provider.submit(run.toProvider(route, attemptId, image));
      circuit.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      // Not the provider's answer (a stale run, a cancel, a client bug): no mark against its
      // health.
      circuit.releasePermission();
      throw e;
    } catch (ProviderException e) {
      if (run.execution.isCancelRequested()) {
        circuit.releasePermission();
        attempts.finish(attemptId, Outcome.ABANDONED, 0, null);
        throw new JobCanceledException();
      }
      AfterSubmitFailure after = GenerationStep.afterSubmitFailure(e.kind());
      attempts.finish(attemptId, after.outcome(), 0, e.kind().code());
      if (after.againstEndpoint()) {
        circuit.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
      } else {
        circuit.releasePermission();
      }
      if (after.routeAgain()) {
        cp.tried.remove(route.key());
      }
      if (after.refused()) {
        step.refused(e, route.provider());
      } else {
        log.info(
            "job {}: {} failed ({}); failing over",
            run.execution.jobId(),
            route.key(),
            e.getMessage());
      }
      return new GenerationStep.Failed(e.kind(), e.retryAfter());
    }
    Attempt attempt =
        new Attempt(attemptId, route.key(), route.provider(), route.model().id(), route.credits());
    if (response instanceof ProviderResponse.Completed completed) {
      step.delivered(attempt, completed);
      return new GenerationStep.Submitted();
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
    step.polled(p); // just submitted: the next run polls it
    // Saved at once: a run that dies now leaves the operation to be polled, not submitted again.
    run.save();
    return new GenerationStep.Submitted();
  }
}
