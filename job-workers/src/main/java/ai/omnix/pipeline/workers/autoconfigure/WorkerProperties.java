package ai.omnix.pipeline.workers.autoconfigure;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Worker settings ({@code omnix.worker.*}).
 *
 * @param enabled whether this process executes jobs (the worker role)
 * @param dispatchInterval the longest pause between dispatch passes when no notification arrives
 * @param sweepInterval how often the lost-run sweeper looks
 * @param lostRunQuietPeriod how long a dispatched job must be quiet before the sweeper asks the
 *     executor about it
 * @param executorMissedHeartbeats after how many poll intervals without a heartbeat a worker's
 *     running jobs are queued again (JobRunr's own orphan detection waits 4, plus a retry back-off)
 * @param cancelCheckInterval how often running jobs are checked for cancel requests
 * @param retryBase the first retry delay of a failed attempt; later ones grow 4× each
 * @param retryCap the longest retry delay
 * @param heavyShare see {@link ai.omnix.pipeline.workers.dispatch.DispatchLimits}
 * @param webhookRetryDelays delays between webhook attempts (default: the Standard Webhooks
 *     schedule)
 */
@ConfigurationProperties("omnix.worker")
public record WorkerProperties(
    Boolean enabled,
    Duration dispatchInterval,
    Duration sweepInterval,
    Duration lostRunQuietPeriod,
    Double executorMissedHeartbeats,
    Duration cancelCheckInterval,
    Duration retryBase,
    Duration retryCap,
    Double heavyShare,
    Double ioBoundShare,
    Double reservedLightShare,
    Double overcommit,
    List<Duration> webhookRetryDelays,
    Duration webhookTimeout,
    Integer webhookConcurrency) {

  public WorkerProperties {
    enabled = enabled == null || enabled;
    dispatchInterval = dispatchInterval == null ? Duration.ofMillis(250) : dispatchInterval;
    sweepInterval = sweepInterval == null ? Duration.ofSeconds(2) : sweepInterval;
    executorMissedHeartbeats = executorMissedHeartbeats == null ? 2.5 : executorMissedHeartbeats;
    lostRunQuietPeriod = lostRunQuietPeriod == null ? Duration.ofSeconds(30) : lostRunQuietPeriod;
    cancelCheckInterval =
        cancelCheckInterval == null ? Duration.ofMillis(250) : cancelCheckInterval;
    retryBase = retryBase == null ? Duration.ofSeconds(5) : retryBase;
    retryCap = retryCap == null ? Duration.ofMinutes(10) : retryCap;
    heavyShare = heavyShare == null ? 0.5 : heavyShare;
    ioBoundShare = ioBoundShare == null ? 0.75 : ioBoundShare;
    reservedLightShare = reservedLightShare == null ? 0.25 : reservedLightShare;
    overcommit = overcommit == null ? 2.0 : overcommit;
    webhookTimeout = webhookTimeout == null ? Duration.ofSeconds(10) : webhookTimeout;
    webhookConcurrency = webhookConcurrency == null ? 4 : webhookConcurrency;
  }
}
