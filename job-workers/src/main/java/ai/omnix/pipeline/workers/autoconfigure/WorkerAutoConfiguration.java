package ai.omnix.pipeline.workers.autoconfigure;

import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.store.job.DispatchStore;
import ai.omnix.pipeline.store.job.RecoveryStore;
import ai.omnix.pipeline.store.job.RunStore;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import ai.omnix.pipeline.store.webhook.WebhookRepository;
import ai.omnix.pipeline.store.worker.WorkerJobTypes;
import ai.omnix.pipeline.workers.dispatch.DispatchLimits;
import ai.omnix.pipeline.workers.dispatch.DispatchLoop;
import ai.omnix.pipeline.workers.dispatch.FairDispatcher;
import ai.omnix.pipeline.workers.dispatch.WorkerCapacity;
import ai.omnix.pipeline.workers.jobrunr.JobRunrRunEnqueuer;
import ai.omnix.pipeline.workers.jobrunr.JobRunrRunStateLookup;
import ai.omnix.pipeline.workers.jobrunr.JobRunrWorkerCapacity;
import ai.omnix.pipeline.workers.jobrunr.PipelineRunHandler;
import ai.omnix.pipeline.workers.jobrunr.PipelineRunStateFilter;
import ai.omnix.pipeline.workers.recovery.LostRunSweeper;
import ai.omnix.pipeline.workers.run.CancellationWatcher;
import ai.omnix.pipeline.workers.run.JobRunner;
import ai.omnix.pipeline.workers.run.RunningJobs;
import ai.omnix.pipeline.workers.run.WorkerTypesHeartbeat;
import ai.omnix.pipeline.workers.webhook.RetrySchedule;
import ai.omnix.pipeline.workers.webhook.WebhookSender;
import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.StorageProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The worker role ({@code omnix.worker.enabled=true}): JobRunr's handler for runs, the fair
 * dispatcher, the cancellation watcher, the lost-run sweeper and the webhook sender. Every worker
 * process runs all of them; the dispatcher and sweeper coordinate through PostgreSQL locks, so any
 * number of workers is safe.
 */
@AutoConfiguration(afterName = "org.jobrunr.spring.autoconfigure.JobRunrAutoConfiguration")
@EnableConfigurationProperties(WorkerProperties.class)
@ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
public class WorkerAutoConfiguration {

  static String workerName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown-host";
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  @Bean
  RunningJobs runningJobs() {
    return new RunningJobs();
  }

  @Bean
  JobRunner jobRunner(
      RunStore jobs,
      JobTypeRegistry registry,
      RunningJobs running,
      Clock clock,
      WorkerProperties properties,
      org.springframework.beans.factory.ObjectProvider<BackgroundJobServer> server,
      ai.omnix.pipeline.store.asset.AssetRepository assets,
      ai.omnix.pipeline.core.storage.BlobStore blobs,
      ai.omnix.pipeline.core.retention.RetentionPolicies retention) {
    return new JobRunner(
        jobs,
        registry,
        running,
        clock,
        workerName(),
        properties.retryBase(),
        properties.retryCap(),
        () -> {
          BackgroundJobServer s = server.getIfAvailable();
          return s == null ? null : s.getId();
        },
        (tenant, job) ->
            new ai.omnix.pipeline.workers.run.StoreJobAssets(
                assets, blobs, tenant, job, retention, clock));
  }

  @Bean
  PipelineRunHandler pipelineRunHandler(JobRunner runner) {
    return new PipelineRunHandler(runner);
  }

  /** Canceled runs end DELETED in JobRunr (see {@link PipelineRunStateFilter}). */
  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(BackgroundJobServer.class)
  PipelineRunStateFilter pipelineRunStateFilter(BackgroundJobServer server) {
    PipelineRunStateFilter filter = new PipelineRunStateFilter();
    server.setJobFilters(java.util.List.of(filter));
    return filter;
  }

  @Bean
  WorkerCapacity workerCapacity(StorageProvider storage, Clock clock) {
    return new JobRunrWorkerCapacity(storage, clock);
  }

  @Bean
  FairDispatcher fairDispatcher(
      DispatchStore jobs,
      JobRequestScheduler scheduler,
      WorkerCapacity capacity,
      WorkerProperties p,
      Clock clock,
      WorkerJobTypes workerTypes) {
    return new FairDispatcher(
        jobs,
        new JobRunrRunEnqueuer(scheduler),
        capacity,
        new DispatchLimits(
            p.heavyShare(), p.ioBoundShare(), p.reservedLightShare(), p.overcommit(), 5_000),
        clock,
        workerTypes.cached(java.time.Duration.ofSeconds(1)));
  }

  /**
   * Advertises the job types this worker runs now and every {@link WorkerJobTypes#HEARTBEAT}, and
   * withdraws them when the worker stops, so the dispatcher hands over only jobs some live worker
   * can run.
   */
  @Bean(destroyMethod = "close")
  WorkerTypesHeartbeat workerTypesHeartbeat(WorkerJobTypes workerTypes, JobTypeRegistry registry) {
    return new WorkerTypesHeartbeat(
        workerTypes,
        workerName(),
        registry.types().stream()
            .map(ai.omnix.pipeline.core.job.type.JobType::name)
            .filter(registry::handles)
            .toList());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  DispatchLoop dispatchLoop(
      DataSource dataSource, FairDispatcher dispatcher, WorkerProperties properties) {
    return new DispatchLoop(
        "job-dispatcher",
        dataSource,
        DispatchStore.DISPATCH_CHANNEL,
        properties.dispatchInterval(),
        dispatcher::dispatchOnce,
        dispatcher::untilNextDue);
  }

  /**
   * Wakes this worker's JobRunr server whenever any dispatcher hands runs over, and every second
   * regardless.
   */
  @Bean(initMethod = "start", destroyMethod = "close")
  @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(BackgroundJobServer.class)
  DispatchLoop runOnboardingLoop(DataSource dataSource, BackgroundJobServer server) {
    return new DispatchLoop(
        "run-onboarding",
        dataSource,
        DispatchStore.RUNS_CHANNEL,
        java.time.Duration.ofSeconds(1),
        new ai.omnix.pipeline.workers.jobrunr.JobRunrOnboardingNudge(server));
  }

  @Bean(destroyMethod = "close")
  WebhookSender webhookSender(
      WebhookRepository deliveries,
      TenantRepository tenants,
      OutboundAddressPolicy policy,
      Clock clock,
      WorkerProperties p) {
    RetrySchedule schedule =
        p.webhookRetryDelays() == null || p.webhookRetryDelays().isEmpty()
            ? RetrySchedule.standard()
            : new RetrySchedule(p.webhookRetryDelays());
    return new WebhookSender(
        deliveries, tenants, policy, schedule, clock, p.webhookTimeout(), p.webhookConcurrency());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  DispatchLoop webhookLoop(
      DataSource dataSource, WebhookSender sender, WorkerProperties properties) {
    return new DispatchLoop(
        "webhook-sender",
        dataSource,
        WebhookRepository.CHANNEL,
        properties.dispatchInterval().multipliedBy(2),
        sender);
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService workerHousekeeping(
      RunningJobs running,
      RunStore runs,
      RecoveryStore recovery,
      StorageProvider storage,
      Clock clock,
      WorkerProperties p,
      org.springframework.beans.factory.ObjectProvider<BackgroundJobServer> server) {
    ScheduledExecutorService executor =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread thread = new Thread(r, "worker-housekeeping");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        new CancellationWatcher(running, runs),
        0,
        p.cancelCheckInterval().toMillis(),
        TimeUnit.MILLISECONDS);
    LostRunSweeper sweeper =
        new LostRunSweeper(
            recovery,
            new JobRunrRunStateLookup(
                storage,
                clock,
                p.executorMissedHeartbeats(),
                () -> {
                  BackgroundJobServer s = server.getIfAvailable();
                  return s == null ? null : s.getId();
                }),
            clock,
            p.lostRunQuietPeriod());
    executor.scheduleWithFixedDelay(
        sweeper, p.sweepInterval().toMillis(), p.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
    return executor;
  }
}
