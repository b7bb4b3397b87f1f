package ai.omnix.pipeline.store.webhook;

import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.json.Json;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The webhook outbox and delivery log. A delivery is written in the same transaction as the job
 * state it reports, so an event is never lost between "job finished" and "webhook queued".
 * Thread-safe.
 */
public class WebhookRepository {
  public static final String CHANNEL = "omnix_webhooks";

  private final JdbcClient jdbc;
  private final Clock clock;

  public WebhookRepository(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Queues one delivery per target (the job's own URL and each subscribed tenant endpoint). */
  public void enqueueFor(JobRecord job, String eventType, Instant now) {
    Map<String, UUID> targets = new LinkedHashMap<>();
    if (job.webhookUrl() != null) {
      targets.put(job.webhookUrl(), null);
    }
    for (Endpoint endpoint : endpoints(job.tenantId())) {
      if (endpoint.eventTypes().isEmpty() || endpoint.eventTypes().contains(eventType)) {
        targets.putIfAbsent(endpoint.url(), endpoint.id());
      }
    }
    if (targets.isEmpty()) {
      return;
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", eventType);
    payload.put("timestamp", now.toString());
    payload.put("data", job.toWire());
    String body = Json.write(payload);
    targets.forEach(
        (url, endpointId) ->
            jdbc.sql(
                    """
        insert into webhook_deliveries (id, tenant_id, job_id, endpoint_id, url, event_type, payload, status,
          next_attempt_at, created_at)
        values (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) on conflict (job_id, url, event_type) do nothing""")
                .params(
                    "msg_" + UUID.randomUUID().toString().replace("-", ""),
                    job.tenantId().value(),
                    job.id().value(),
                    endpointId,
                    url,
                    eventType,
                    body,
                    ts(now),
                    ts(now))
                .update());
    jdbc.sql("select pg_notify(?, '')").param(CHANNEL).query().listOfRows();
  }

  // ---- endpoints
  // ------------------------------------------------------------------------------------------------

  public record Endpoint(
      UUID id, TenantId tenantId, String url, Set<String> eventTypes, Instant createdAt) {
    public Map<String, Object> toWire() {
      Map<String, Object> wire = new LinkedHashMap<>();
      wire.put("id", id.toString());
      wire.put("object", "webhook_endpoint");
      wire.put("url", url);
      wire.put("event_types", List.copyOf(eventTypes));
      wire.put("created_at", createdAt.toString());
      return wire;
    }
  }

  public Endpoint createEndpoint(TenantId tenant, String url, Set<String> eventTypes) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    jdbc.sql(
            "insert into webhook_endpoints (id, tenant_id, url, event_types, created_at) values (?, ?, ?, ?, ?)")
        .params(id, tenant.value(), url, eventTypes.toArray(String[]::new), ts(now))
        .update();
    return new Endpoint(id, tenant, url, eventTypes, now);
  }

  public List<Endpoint> endpoints(TenantId tenant) {
    return jdbc.sql(
            "select * from webhook_endpoints where tenant_id = ? and disabled_at is null order by created_at")
        .param(tenant.value())
        .query(WebhookRepository::mapEndpoint)
        .list();
  }

  public boolean disableEndpoint(TenantId tenant, UUID id) {
    return jdbc.sql(
                "update webhook_endpoints set disabled_at = ? where id = ? and tenant_id = ? and disabled_at is null")
            .params(ts(clock.instant()), id, tenant.value())
            .update()
        == 1;
  }

  private static Endpoint mapEndpoint(ResultSet rs, int row) throws SQLException {
    Array array = rs.getArray("event_types");
    Set<String> types = new LinkedHashSet<>(Arrays.asList((String[]) array.getArray()));
    return new Endpoint(
        rs.getObject("id", UUID.class),
        new TenantId(rs.getString("tenant_id")),
        rs.getString("url"),
        types,
        rs.getTimestamp("created_at").toInstant());
  }

  // ---- deliveries
  // -----------------------------------------------------------------------------------------------

  public record Delivery(
      String id,
      TenantId tenantId,
      JobId jobId,
      String url,
      String eventType,
      String payload,
      String status,
      int attempts,
      Instant nextAttemptAt,
      String lastError,
      Instant createdAt,
      Instant deliveredAt) {}

  public record Attempt(
      int attempt, Instant at, Integer statusCode, String error, long durationMillis) {}

  /**
   * Claims due deliveries for one sender: each is leased until {@code leaseUntil}, so a sender that
   * dies mid-send only delays the delivery, and two senders never send the same attempt.
   */
  public List<Delivery> claimDue(int limit, Instant leaseUntil) {
    Instant now = clock.instant();
    return jdbc.sql(
            """
        update webhook_deliveries set locked_until = ? where id in (
          select id from webhook_deliveries
          where status = 'pending' and next_attempt_at <= ? and (locked_until is null or locked_until < ?)
          order by next_attempt_at limit ? for update skip locked)
        returning *""")
        .params(ts(leaseUntil), ts(now), ts(now), limit)
        .query(WebhookRepository::mapDelivery)
        .list();
  }

  public void recordAttempt(
      Delivery delivery,
      Integer statusCode,
      String error,
      long durationMillis,
      Outcome outcome,
      Instant nextAttemptAt) {
    Instant now = clock.instant();
    int attempt = delivery.attempts() + 1;
    jdbc.sql(
            """
        insert into webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
        values (?, ?, ?, ?, ?, ?)""")
        .params(delivery.id(), attempt, ts(now), statusCode, error, durationMillis)
        .update();
    jdbc.sql(
            """
        update webhook_deliveries set attempts = ?, status = ?, next_attempt_at = ?, locked_until = null,
          last_error = ?, delivered_at = ? where id = ?""")
        .params(
            attempt,
            outcome.wire,
            nextAttemptAt == null ? null : ts(nextAttemptAt),
            error,
            outcome == Outcome.DELIVERED ? ts(now) : null,
            delivery.id())
        .update();
  }

  public enum Outcome {
    DELIVERED("delivered"),
    RETRY("pending"),
    FAILED("failed");

    private final String wire;

    Outcome(String wire) {
      this.wire = wire;
    }
  }

  public List<Delivery> deliveriesFor(TenantId tenant, JobId job) {
    return jdbc.sql(
            "select * from webhook_deliveries where tenant_id = ? and job_id = ? order by created_at")
        .params(tenant.value(), job.value())
        .query(WebhookRepository::mapDelivery)
        .list();
  }

  public List<Attempt> attempts(String deliveryId) {
    return jdbc.sql("select * from webhook_attempts where delivery_id = ? order by attempt")
        .param(deliveryId)
        .query(
            (rs, n) ->
                new Attempt(
                    rs.getInt("attempt"),
                    rs.getTimestamp("at").toInstant(),
                    (Integer) rs.getObject("status_code"),
                    rs.getString("error"),
                    rs.getLong("duration_ms")))
        .list();
  }

  /**
   * Sends a job's deliveries again now, keeping their message ids (receivers deduplicate on them).
   */
  public int redeliver(TenantId tenant, JobId job) {
    int n =
        jdbc.sql(
                """
        update webhook_deliveries set status = 'pending', next_attempt_at = ?, locked_until = null
        where tenant_id = ? and job_id = ?""")
            .params(ts(clock.instant()), tenant.value(), job.value())
            .update();
    jdbc.sql("select pg_notify(?, '')").param(CHANNEL).query().listOfRows();
    return n;
  }

  public Optional<Delivery> find(String id) {
    return jdbc.sql("select * from webhook_deliveries where id = ?")
        .param(id)
        .query(WebhookRepository::mapDelivery)
        .optional();
  }

  private static Delivery mapDelivery(ResultSet rs, int row) throws SQLException {
    Timestamp next = rs.getTimestamp("next_attempt_at");
    Timestamp delivered = rs.getTimestamp("delivered_at");
    return new Delivery(
        rs.getString("id"),
        new TenantId(rs.getString("tenant_id")),
        new JobId(rs.getObject("job_id", UUID.class)),
        rs.getString("url"),
        rs.getString("event_type"),
        rs.getString("payload"),
        rs.getString("status"),
        rs.getInt("attempts"),
        next == null ? null : next.toInstant(),
        rs.getString("last_error"),
        rs.getTimestamp("created_at").toInstant(),
        delivered == null ? null : delivered.toInstant());
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }
}
