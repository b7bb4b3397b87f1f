package ai.omnix.pipeline.store.job.memory;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.hook.EndedJob;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.DispatchStore;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.job.RecoveryStore;
import ai.omnix.pipeline.store.job.RunStore;
import ai.omnix.pipeline.store.job.WorkerStoreContract;
import ai.omnix.pipeline.testkit.SettableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The worker-side ports' contract in memory. */
class InMemoryWorkerStoreTest extends WorkerStoreContract {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-15T10:00:00Z"));
  private final List<EndedJob> ended = new ArrayList<>();
  private final InMemoryJobStore jobs = new InMemoryJobStore(clock, List.of(), List.of(ended::add));
  private final AtomicInteger tenants = new AtomicInteger();

  @Override
  protected Stores stores() {
    return new Stores() {
      public JobSubmissions submissions() {
        return jobs;
      }

      public DispatchStore dispatch() {
        return jobs;
      }

      public RunStore runs() {
        return jobs;
      }

      public RecoveryStore recovery() {
        return jobs;
      }

      public Optional<JobRecord> find(JobId id) {
        return jobs.findById(id);
      }

      public Tenant aTenant(Plan plan) {
        return new Tenant(
            new TenantId("tenant-" + tenants.incrementAndGet()),
            "Tenant",
            plan,
            "whsec_test",
            clock.instant());
      }

      public SettableClock clock() {
        return clock;
      }

      public List<EndedJob> ended() {
        return ended;
      }
    };
  }
}
