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
    payload.put("data", JobPayload.of(job));
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
      UUID id, TenantId tenantId, String url, Set<String> eventTypes, Instant createdAt) {}

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

  /**
   * Disables a tenant's endpoint: no new deliveries go to it, and its pending ones end as failed
   * ({@code endpoint_disabled}) instead of being retried.
   */
  public boolean disableEndpoint(TenantId tenant, UUID id) {
    boolean disabled =
        jdbc.sql(
                    "update webhook_endpoints set disabled_at = ? where id = ? and tenant_id = ? and disabled_at is null")
                .params(ts(clock.instant()), id, tenant.value())
                .update()
            == 1;
    if (disabled) {
      jdbc.sql(
              """
          update webhook_deliveries set status = 'failed', next_attempt_at = null, locked_until = null,
            last_error = 'endpoint_disabled' where endpoint_id = ? and status = 'pending'""")
          .param(id)
          .update();
    }
    return disabled;
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
    return claimDue(limit, limit, Set.of(), leaseUntil);
  }

  /**
   * Claims due deliveries fairly between tenants: round robin, each tenant's oldest first, at most
   * {@code perTenant} of one tenant, none of the tenants in {@code skipTenants} (those the sender
   * already has enough of in flight), none for a disabled endpoint. Leased until {@code
   * leaseUntil}; a row another sender claimed meanwhile is left out.
   */
  public List<Delivery> claimDue(
      int limit, int perTenant, Set<TenantId> skipTenants, Instant leaseUntil) {
    Instant now = clock.instant();
    return jdbc.sql(
            """
        with due as (
          select d.id, d.next_attempt_at,
            row_number() over (partition by d.tenant_id order by d.next_attempt_at, d.id) as turn
          from webhook_deliveries d
          where d.status = 'pending' and d.next_attempt_at <= ? and (d.locked_until is null or d.locked_until < ?)
            and not (d.tenant_id = any(?))
            and not exists (select 1 from webhook_endpoints e where e.id = d.endpoint_id and e.disabled_at is not null)),
        picked as (select id from due where turn <= ? order by turn, next_attempt_at limit ?)
        update webhook_deliveries w set locked_until = ? from picked
        where w.id = picked.id and w.status = 'pending' and (w.locked_until is null or w.locked_until < ?)
        returning w.*""")
        .params(
            ts(now),
            ts(now),
            skipTenants.stream().map(TenantId::value).toArray(String[]::new),
            perTenant,
            limit,
            ts(leaseUntil),
            ts(now))
        .query(WebhookRepository::mapDelivery)
        .list();
  }

  /** Gives a claimed delivery back unsent (its endpoint was busy), to be claimed again soon. */
  public void release(Delivery delivery) {
    jdbc.sql(
            "update webhook_deliveries set locked_until = null where id = ? and status = 'pending'")
        .param(delivery.id())
        .update();
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
    // A retry for an endpoint disabled meanwhile ends the delivery instead.
    jdbc.sql(
            """
        update webhook_deliveries d set attempts = ?, locked_until = null, last_error = ?, delivered_at = ?,
          status = case when ? = 'pending' and exists (select 1 from webhook_endpoints e
            where e.id = d.endpoint_id and e.disabled_at is not null) then 'failed' else ? end,
          next_attempt_at = case when ? = 'pending' and exists (select 1 from webhook_endpoints e
            where e.id = d.endpoint_id and e.disabled_at is not null) then null else cast(? as timestamptz) end
        where d.id = ?""")
        .params(
            attempt,
            error,
            outcome == Outcome.DELIVERED ? ts(now) : null,
            outcome.wire,
            outcome.wire,
            outcome.wire,
            nextAttemptAt == null ? null : ts(nextAttemptAt),
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
   * Sends a job's deliveries again now, keeping their message ids (receivers deduplicate on them);
   * not those to a disabled endpoint.
   */
  public int redeliver(TenantId tenant, JobId job) {
    int n =
        jdbc.sql(
                """
        update webhook_deliveries d set status = 'pending', next_attempt_at = ?, locked_until = null
        where tenant_id = ? and job_id = ? and not exists (select 1 from webhook_endpoints e
          where e.id = d.endpoint_id and e.disabled_at is not null)""")
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
