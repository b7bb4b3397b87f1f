package ai.omnix.pipeline.launcher.metrics;

import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.job.hook.AcceptedJob;
import ai.omnix.pipeline.core.job.hook.EndedJob;
import ai.omnix.pipeline.core.provider.ProviderAttempt;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import ai.omnix.pipeline.core.tenant.TenantId;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the series the application exports, as Prometheus sees them: every meter of this
 * package is created and used once on a Prometheus registry, and the scrape's sample names are
 * collected. For checking dashboards and alert rules against what really exists.
 */
public final class ExportedMetrics {
  private static final Pattern NAME = Pattern.compile("^(omnix_[a-z0-9_]+)", Pattern.MULTILINE);

  private ExportedMetrics() {}

  public static Set<String> names() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    JobMetrics jobs = new JobMetrics(registry, tenant -> "pro");
    JobId id = JobId.random();
    jobs.jobAccepted(new AcceptedJob(id, new TenantId("tenant-a"), "noop", 0, null, t0));
    jobs.jobEnded(
        new EndedJob(
            id,
            new TenantId("tenant-a"),
            "noop",
            JobStatus.FAILED,
            new JobFailure("noop_failed", "x", false),
            List.of(),
            0,
            null,
            null,
            1,
            t0,
            t0.plusSeconds(1)));
    new ClusterGauges(null, Clock.systemUTC(), Duration.ofSeconds(5), registry);
    new UploadBytesFilter(registry);
    UUID attempt = UUID.randomUUID();
    ProviderAttemptLog fake =
        (ProviderAttemptLog)
            Proxy.newProxyInstance(
                ProviderAttemptLog.class.getClassLoader(),
                new Class<?>[] {ProviderAttemptLog.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "start" -> attempt;
                      case "startWithin" -> Optional.of(attempt);
                      case "finish" -> true;
                      default -> null;
                    });
    MeteredProviderAttemptLog providers =
        new MeteredProviderAttemptLog(fake, registry, Clock.systemUTC());
    providers.start(id, "openai", "gpt-image-1", 1);
    providers.finish(attempt, ProviderAttempt.Outcome.FAILED, 0, "provider_error");
    ai.omnix.pipeline.providers.guard.ProviderGuards guards =
        new ai.omnix.pipeline.providers.guard.ProviderGuards(
            java.util.Map.of(),
            ai.omnix.pipeline.providers.guard.ProviderGuards.CircuitSettings.DEFAULT,
            Clock.systemUTC());
    guards.circuit("openai:gpt-image-1");
    new CircuitGauges(guards, registry).refresh();
    Set<String> names = new TreeSet<>();
    // a multi-gauge shows only once it has rows, i.e. once workers run jobs
    names.add("omnix_worker_running");
    Matcher m = NAME.matcher(registry.scrape());
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
