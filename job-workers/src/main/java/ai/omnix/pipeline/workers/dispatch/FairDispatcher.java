package ai.omnix.pipeline.workers.dispatch;

import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.store.job.DispatchStore;
import ai.omnix.pipeline.store.job.DispatchStore.Candidate;
import ai.omnix.pipeline.store.job.DispatchStore.InFlight;
import ai.omnix.pipeline.workers.run.RunEnqueuer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves queued jobs into the executor in a fair order, because JobRunr OSS runs whatever it holds
 * first-come, first-served. One pass (one cluster-wide lock, so one dispatcher at a time):
 *
 * <ol>
 *   <li>counts jobs in flight (handed over, not finished) per tenant and per queue class;
 *   <li>looks at the oldest queued jobs of every (tenant, queue class), ordered by plan rank,
 *       priority, age;
 *   <li>hands over each one whose tenant is under its plan's concurrency cap and whose class is
 *       under its share, until the executor holds {@code overcommit × slots} runs.
 * </ol>
 *
 * Heavy and io-bound jobs together never take the slots reserved for light jobs, so a flood of
 * transcodes cannot delay a thumbnail by more than one pass plus the executor's pick-up time. Runs
 * are committed as dispatched before the hand-over; a hand-over that fails is taken back, and one
 * lost to a crash is found by the sweeper.
 */
public final class FairDispatcher {
  private static final Logger log = LoggerFactory.getLogger(FairDispatcher.class);

  private static final Map<Integer, Integer> LOOKAHEAD_BY_RANK = new HashMap<>();

  static {
    for (Plan plan : Plan.values()) {
      LOOKAHEAD_BY_RANK.put(plan.schedulingRank(), plan.maxConcurrentJobs());
    }
  }

  private final DispatchStore jobs;
  private final RunEnqueuer enqueuer;
  private final WorkerCapacity capacity;
  private final DispatchLimits limits;
  private final Clock clock;
  private final Supplier<Optional<Set<String>>> runnableTypes;

  /** A dispatcher that hands over jobs of every type. */
  public FairDispatcher(
      DispatchStore jobs,
      RunEnqueuer enqueuer,
      WorkerCapacity capacity,
      DispatchLimits limits,
      Clock clock) {
    this(jobs, enqueuer, capacity, limits, clock, Optional::empty);
  }

  /**
   * @param runnableTypes the types live workers run: jobs of other types stay queued until a worker
   *     that runs them is live; empty means unknown (no worker seen yet), and then every type goes
   */
  public FairDispatcher(
      DispatchStore jobs,
      RunEnqueuer enqueuer,
      WorkerCapacity capacity,
      DispatchLimits limits,
      Clock clock,
      Supplier<Optional<Set<String>>> runnableTypes) {
    this.runnableTypes = runnableTypes;
    this.jobs = jobs;
    this.clock = clock;
    this.enqueuer = enqueuer;
    this.capacity = capacity;
    this.limits = limits;
  }

  /** One dispatch pass; returns how many runs were handed over. */
  public int dispatchOnce() {
    int slots = capacity.totalSlots();
    if (slots <= 0) {
      return 0;
    }
    List<RunEnqueuer.Run> runs = jobs.underDispatchLock(() -> select(slots)).orElse(List.of());
    if (runs.isEmpty()) {
      return 0;
    }
    try {
      enqueuer.enqueue(runs);
    } catch (RuntimeException e) {
      log.warn("handing {} runs to the executor failed; taking them back", runs.size(), e);
      runs.forEach(
          r -> jobs.undispatch(new ai.omnix.pipeline.core.job.JobId(r.jobId()), r.runId()));
      return 0;
    }
    jobs.notifyRunsHandedOver();
    return runs.size();
  }

  /**
   * How long until the earliest waiting job (a back-off, a suspended job's resume time) becomes
   * dispatchable, so the loop wakes then rather than at its next poll.
   */
  public Optional<Duration> untilNextDue() {
    return jobs.nextRunAfter()
        .map(due -> Duration.between(clock.instant(), due))
        .map(d -> d.isNegative() ? Duration.ZERO : d);
  }

  private List<RunEnqueuer.Run> select(int slots) {
    Map<String, Integer> perTenant = new HashMap<>();
    Map<QueueClass, Integer> perClass = new EnumMap<>(QueueClass.class);
    int total = 0;
    for (InFlight f : jobs.inFlight()) {
      perTenant.merge(f.tenantId(), f.count(), Integer::sum);
      perClass.merge(f.queueClass(), f.count(), Integer::sum);
      total += f.count();
    }
    int totalCap = (int) Math.ceil(slots * limits.overcommit());
    if (total >= totalCap) {
      return List.of();
    }
    int heavyCap = Math.max(1, (int) Math.floor(slots * limits.heavyShare()));
    int ioCap = Math.max(1, (int) Math.floor(slots * limits.ioBoundShare()));
    int reservedLight =
        slots > 1 ? Math.max(1, (int) Math.ceil(slots * limits.reservedLightShare())) : 0;
    int nonLightCap = Math.max(1, slots - reservedLight);

    List<RunEnqueuer.Run> selected = new ArrayList<>();
    Set<String> types = runnableTypes.get().orElse(null);
    for (Candidate c : jobs.dispatchCandidates(LOOKAHEAD_BY_RANK, limits.maxCandidates(), types)) {
      if (total >= totalCap) {
        break;
      }
      Plan plan = planOfRank(c.planRank());
      if (perTenant.getOrDefault(c.tenantId(), 0) >= plan.maxConcurrentJobs()) {
        continue;
      }
      int heavy = perClass.getOrDefault(QueueClass.HEAVY, 0);
      int io = perClass.getOrDefault(QueueClass.IO_BOUND, 0);
      if (c.queueClass() == QueueClass.HEAVY && (heavy >= heavyCap || heavy + io >= nonLightCap)) {
        continue;
      }
      if (c.queueClass() == QueueClass.IO_BOUND && (io >= ioCap || heavy + io >= nonLightCap)) {
        continue;
      }
      UUID runId = UUID.randomUUID();
      if (!jobs.markDispatched(c.id(), runId)) {
        continue;
      }
      perTenant.merge(c.tenantId(), 1, Integer::sum);
      perClass.merge(c.queueClass(), 1, Integer::sum);
      total++;
      selected.add(
          new RunEnqueuer.Run(
              runId, c.id().value(), c.type(), c.tenantId(), c.queueClass().wireName()));
    }
    return selected;
  }

  private static Plan planOfRank(int rank) {
    return Plan.ofSchedulingRank(rank).orElse(Plan.FREE);
  }
}
