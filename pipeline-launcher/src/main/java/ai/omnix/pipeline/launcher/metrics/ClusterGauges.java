package ai.omnix.pipeline.launcher.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The state of the whole cluster as the database holds it, read by every process at scrape time (at
 * most once per {@code refresh}): queue depth and oldest age per queue class, dispatch lag, running
 * jobs per worker, webhook deliveries by status and the oldest pending delivery. Every process
 * reports the same values, so dashboards and alerts aggregate these with {@code max}, never {@code
 * sum}. Labels are queue classes, statuses and worker names (one per live worker process).
 * Thread-safe.
 */
public final class ClusterGauges {
  private static final Logger log = LoggerFactory.getLogger(ClusterGauges.class);
  static final List<String> QUEUE_CLASSES = List.of("light", "io_bound", "heavy");
  static final List<String> DELIVERY_STATUSES = List.of("pending", "delivered", "failed");

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Duration refresh;
  private final AtomicReference<Instant> refreshedAt = new AtomicReference<>(Instant.EPOCH);
  private final Map<String, Double> values = new ConcurrentHashMap<>();
  private final MultiGauge runningPerWorker;

  public ClusterGauges(JdbcClient jdbc, Clock clock, Duration refresh, MeterRegistry registry) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.refresh = refresh;
    for (String queueClass : QUEUE_CLASSES) {
      gauge(registry, "omnix.queue.depth", "Queued jobs", "class", queueClass, null);
      gauge(
          registry,
          "omnix.queue.oldest.age",
          "Age of the oldest queued job",
          "class",
          queueClass,
          "seconds");
      gauge(registry, "omnix.jobs.running", "Running jobs", "class", queueClass, null);
    }
    for (String status : DELIVERY_STATUSES) {
      gauge(
          registry,
          "omnix.webhook.deliveries",
          "Webhook deliveries by status (rows kept in the store)",
          "status",
          status,
          null);
    }
    Gauge.builder("omnix.webhook.backlog.oldest.age", this, g -> g.value("webhook.oldest"))
        .description("Age of the oldest pending webhook delivery")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("omnix.dispatch.lag", this, g -> g.value("dispatch.lag"))
        .description("How long the oldest job that is due has waited to be handed to a worker")
        .baseUnit("seconds")
        .register(registry);
    runningPerWorker =
        MultiGauge.builder("omnix.worker.running")
            .description("Jobs running per worker process")
            .register(registry);
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String description,
      String tag,
      String tagValue,
      String unit) {
    String key = name + "|" + tagValue;
    values.put(key, 0d);
    Gauge.builder(name, this, g -> g.value(key))
        .description(description)
        .tag(tag, tagValue)
        .baseUnit(unit)
        .register(registry);
  }

  private double value(String key) {
    return values.getOrDefault(key, 0d);
  }

  /** Reads the database again when the last read is older than {@code refresh}. */
  public void refreshIfStale() {
    Instant now = clock.instant();
    Instant last = refreshedAt.get();
    if (last.plus(refresh).isAfter(now) && !refresh.isZero()) {
      return;
    }
    if (!refreshedAt.compareAndSet(last, now)) {
      return;
    }
    try {
      read(now);
    } catch (RuntimeException e) {
      log.warn("cannot read the cluster's state for metrics; serving the last values", e);
    }
  }

  private synchronized void read(Instant now) {
    Map<String, Double> next = new java.util.HashMap<>();
    for (String queueClass : QUEUE_CLASSES) {
      next.put("omnix.queue.depth|" + queueClass, 0d);
      next.put("omnix.queue.oldest.age|" + queueClass, 0d);
      next.put("omnix.jobs.running|" + queueClass, 0d);
    }
    jdbc.sql(
            """
        select queue_class, status, count(*) as jobs, min(created_at) as oldest from jobs
        where status in ('queued', 'running') group by queue_class, status""")
        .query(
            rs -> {
              String queueClass = rs.getString("queue_class");
              if ("queued".equals(rs.getString("status"))) {
                next.put("omnix.queue.depth|" + queueClass, (double) rs.getLong("jobs"));
                next.put(
                    "omnix.queue.oldest.age|" + queueClass,
                    (double) secondsSince(rs.getTimestamp("oldest"), now));
              } else {
                next.put("omnix.jobs.running|" + queueClass, (double) rs.getLong("jobs"));
              }
            });
    Timestamp due =
        jdbc.sql(
                "select min(run_after) from jobs where status = 'queued' and not dispatched"
                    + " and run_after <= ?")
            .param(Timestamp.from(now))
            .query(Timestamp.class)
            .optional()
            .orElse(null);
    next.put("dispatch.lag", (double) secondsSince(due, now));
    for (String status : DELIVERY_STATUSES) {
      next.put("omnix.webhook.deliveries|" + status, 0d);
    }
    jdbc.sql("select status, count(*) as n from webhook_deliveries group by status")
        .query(
            rs -> {
              next.put(
                  "omnix.webhook.deliveries|" + rs.getString("status"), (double) rs.getLong("n"));
            });
    Timestamp oldestDelivery =
        jdbc.sql("select min(created_at) from webhook_deliveries where status = 'pending'")
            .query(Timestamp.class)
            .optional()
            .orElse(null);
    next.put("webhook.oldest", (double) secondsSince(oldestDelivery, now));
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    jdbc.sql(
            "select worker, count(*) as n from jobs where status = 'running' and worker is not null"
                + " group by worker order by worker limit 500")
        .query(
            rs -> {
              rows.add(
                  MultiGauge.Row.of(Tags.of("worker", rs.getString("worker")), rs.getLong("n")));
            });
    values.putAll(next);
    runningPerWorker.register(rows, true);
  }

  private static long secondsSince(Timestamp at, Instant now) {
    return at == null ? 0 : Math.max(0, Duration.between(at.toInstant(), now).toSeconds());
  }
}
