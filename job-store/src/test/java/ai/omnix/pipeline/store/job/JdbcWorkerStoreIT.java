package ai.omnix.pipeline.store.job;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.hook.EndedJob;
import ai.omnix.pipeline.core.job.hook.JobEndHook;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.StoreFixture;
import ai.omnix.pipeline.testkit.SettableClock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The worker-side ports' contract on PostgreSQL. */
class JdbcWorkerStoreIT extends WorkerStoreContract {
  private static final List<EndedJob> ENDED = new CopyOnWriteArrayList<>();
  private static final JobEndHook RECORDER = ENDED::add;
  private static final StoreFixture STORE = new StoreFixture(List.of(RECORDER));

  @Override
  protected Stores stores() {
    JdbcJobStore jobs = STORE.jobs;
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
        return STORE.aTenant(plan);
      }

      public SettableClock clock() {
        return STORE.clock;
      }

      public List<EndedJob> ended() {
        return ENDED;
      }
    };
  }
}
