package ai.omnix.pipeline.testkit.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.provider.ProviderAttempt;
import ai.omnix.pipeline.core.provider.ProviderAttempt.Outcome;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ProviderAttemptLog} must do; each implementation's test extends this. */
public abstract class ProviderAttemptLogContract {

  protected abstract ProviderAttemptLog log();

  /**
   * A job the log may record attempts against (a row in the jobs table, for a database-backed log).
   */
  protected abstract JobId aJob();

  @Test
  void startWithinTakesASlotOnlyWhileTheProviderHasFewerPendingAttemptsThanItsLimit() {
    String provider = "capped-" + UUID.randomUUID();
    UUID first = log().startWithin(aJob(), provider, "m", 1, 2).orElseThrow();
    assertTrue(log().startWithin(aJob(), provider, "m", 1, 2).isPresent());

    assertTrue(log().startWithin(aJob(), provider, "m", 1, 2).isEmpty(), "a third over two");
    assertTrue(
        log().startWithin(aJob(), "other-" + provider, "m", 1, 2).isPresent(),
        "another provider counts its own");

    log().finish(first, Outcome.TIMED_OUT, 0, "provider_timeout");
    assertTrue(
        log().startWithin(aJob(), provider, "m", 1, 2).isPresent(), "an ended attempt frees it");
    assertTrue(log().startWithin(aJob(), provider, "m", 1, 2).isEmpty());
  }

  @Test
  void countsTheAttemptsAProviderIsWorkingOnAsStartWithinDoes() {
    String provider = "counted-" + UUID.randomUUID();
    UUID first = log().start(aJob(), provider, "m", 1);
    UUID second = log().startWithin(aJob(), provider, "m", 1, 5).orElseThrow();
    log().start(aJob(), "other-" + provider, "m", 1);
    assertEquals(2, log().inFlight(provider));

    log().completed(first);
    log().finish(second, Outcome.FAILED, 0, "provider_unavailable");

    assertEquals(0, log().inFlight(provider), "completed and ended attempts hold no slot");
  }

  @Test
  void aCompletedAttemptFreesItsSlotWhileStillPending() {
    String provider = "capped-" + UUID.randomUUID();
    JobId job = aJob();
    UUID first = log().startWithin(job, provider, "m", 1, 1).orElseThrow();
    assertTrue(log().startWithin(aJob(), provider, "m", 1, 1).isEmpty());

    log().completed(first);

    assertTrue(log().startWithin(aJob(), provider, "m", 1, 1).isPresent());
    assertEquals(Outcome.PENDING, log().forJob(job).get(0).outcome());
  }

  @Test
  void recordsAnAttemptFromStartToSuccess() {
    JobId job = aJob();
    UUID id = log().start(job, "openai", "gpt-image-1", 40);
    log().accepted(id, "req_123");

    assertTrue(log().finish(id, Outcome.SUCCEEDED, 42, null));

    ProviderAttempt attempt = log().forJob(job).get(0);
    assertEquals("openai", attempt.provider());
    assertEquals("gpt-image-1", attempt.model());
    assertEquals("req_123", attempt.requestId());
    assertEquals(Outcome.SUCCEEDED, attempt.outcome());
    assertEquals(40, attempt.estimatedCredits());
    assertEquals(42, attempt.costCredits());
    assertTrue(attempt.billed());
    assertTrue(attempt.finishedAt() != null);
  }

  @Test
  void aFailedAttemptKeepsItsCodeAndIsNotBilled() {
    JobId job = aJob();
    UUID id = log().start(job, "fal", "flux-schnell", 3);

    assertTrue(log().finish(id, Outcome.FAILED, 0, "provider_unavailable"));

    ProviderAttempt attempt = log().forJob(job).get(0);
    assertEquals(Outcome.FAILED, attempt.outcome());
    assertEquals("provider_unavailable", attempt.errorCode());
    assertFalse(attempt.billed());
    assertNull(attempt.requestId());
  }

  @Test
  void onlyTheFirstSuccessOfAJobIsBilledAndALaterOneIsDiscarded() {
    JobId job = aJob();
    UUID first = log().start(job, "fal", "flux-schnell", 3);
    log().finish(first, Outcome.TIMED_OUT, 0, "provider_timeout");
    UUID second = log().start(job, "wavespeed", "flux-schnell", 3);
    UUID late = first;
    UUID third = log().start(job, "openai", "gpt-image-1", 40);

    assertTrue(log().finish(second, Outcome.SUCCEEDED, 3, null));
    assertFalse(log().finish(third, Outcome.SUCCEEDED, 40, null));
    assertFalse(
        log().finish(late, Outcome.SUCCEEDED, 3, null),
        "an attempt that already ended stays as it was");

    List<ProviderAttempt> attempts = log().forJob(job);
    assertEquals(
        List.of(Outcome.TIMED_OUT, Outcome.SUCCEEDED, Outcome.DISCARDED),
        attempts.stream().map(ProviderAttempt::outcome).toList());
    assertEquals(1, attempts.stream().filter(ProviderAttempt::billed).count());
    assertEquals(
        40, attempts.get(2).costCredits(), "what a discarded result cost us is still recorded");
  }

  @Test
  void attemptsOfOtherJobsAreNotListedAndDoNotBlockBilling() {
    JobId one = aJob();
    JobId other = aJob();
    UUID a = log().start(one, "offline", "offline-image", 0);
    UUID b = log().start(other, "offline", "offline-image", 0);

    assertTrue(log().finish(a, Outcome.SUCCEEDED, 0, null));
    assertTrue(log().finish(b, Outcome.SUCCEEDED, 0, null));

    assertEquals(List.of(a), log().forJob(one).stream().map(ProviderAttempt::id).toList());
  }

  @Test
  void anAttemptCannotFinishPending() {
    UUID id = log().start(aJob(), "offline", "offline-image", 0);

    assertThrows(IllegalArgumentException.class, () -> log().finish(id, Outcome.PENDING, 0, null));
  }
}
