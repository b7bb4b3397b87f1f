package ai.omnix.pipeline.testkit.provider;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import ai.omnix.pipeline.testkit.SettableClock;
import java.time.Instant;

class InMemoryProviderAttemptLogTest extends ProviderAttemptLogContract {
  private final InMemoryProviderAttemptLog log =
      new InMemoryProviderAttemptLog(new SettableClock(Instant.parse("2026-01-15T10:00:00Z")));

  @Override
  protected ProviderAttemptLog log() {
    return log;
  }

  @Override
  protected JobId aJob() {
    return JobId.random();
  }
}
