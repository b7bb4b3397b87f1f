package ai.omnix.pipeline.lifecycle.erasure;

import ai.omnix.pipeline.core.hold.LegalHold;
import ai.omnix.pipeline.core.hold.LegalHolds;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.job.JobRecord;
import ai.omnix.pipeline.store.job.JobSubmissions;
import ai.omnix.pipeline.store.job.NewJob;
import ai.omnix.pipeline.store.tenant.ApiKeys;
import ai.omnix.pipeline.store.tenant.TenantRepository;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starting an erasure: the confirmation a tenant's own request needs, the legal-hold refusal, and
 * the {@code tenant-erasure} job, always the admin tenant's (so its record and receipt outlive the
 * erased tenant), one per tenant at a time (idempotency key {@code erasure:<tenant>}). Thread-safe.
 */
public final class ErasureRequests {
  public static final Duration CONFIRMATION_PERIOD = Duration.ofMinutes(15);
  public static final TenantId ADMIN = new TenantId("admin");
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final TenantRepository tenants;
  private final JobSubmissions jobs;
  private final LegalHolds holds;
  private final Clock clock;

  public ErasureRequests(
      JdbcClient jdbc,
      TransactionTemplate tx,
      TenantRepository tenants,
      JobSubmissions jobs,
      LegalHolds holds,
      Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.tenants = tenants;
    this.jobs = jobs;
    this.holds = holds;
    this.clock = clock;
  }

  /** A confirmation token: shown once, kept only as a hash. */
  public record Confirmation(String token, Instant expiresAt) {}

  /** Replaces any earlier token of the tenant. */
  public Confirmation requestConfirmation(TenantId tenant, String requestedBy) {
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    String token =
        "erase_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Instant expires = clock.instant().plus(CONFIRMATION_PERIOD);
    jdbc.sql(
            """
        insert into erasure_confirmations (tenant_id, token_hash, expires_at, requested_by) values (?, ?, ?, ?)
        on conflict (tenant_id) do update set token_hash = excluded.token_hash, expires_at = excluded.expires_at,
          requested_by = excluded.requested_by""")
        .params(tenant.value(), ApiKeys.hash(token), Timestamp.from(expires), requestedBy)
        .update();
    return new Confirmation(token, expires);
  }

  /** Whether {@code token} is the tenant's current, unexpired one; consumes it when it is. */
  public boolean confirm(TenantId tenant, String token) {
    if (token == null || token.isBlank() || token.length() > 200) {
      return false;
    }
    return Boolean.TRUE.equals(
        tx.execute(
            s -> {
              Optional<Map<String, Object>> row =
                  jdbc
                      .sql(
                          "select token_hash, expires_at from erasure_confirmations where tenant_id = ? for update")
                      .param(tenant.value())
                      .query()
                      .listOfRows()
                      .stream()
                      .findFirst();
              if (row.isEmpty()) {
                return false;
              }
              boolean matches =
                  MessageDigest.isEqual(
                      ((String) row.get().get("token_hash")).getBytes(),
                      ApiKeys.hash(token.strip()).getBytes());
              boolean live =
                  ((Timestamp) row.get().get("expires_at")).toInstant().isAfter(clock.instant());
              if (matches && live) {
                jdbc.sql("delete from erasure_confirmations where tenant_id = ?")
                    .param(tenant.value())
                    .update();
              }
              return matches && live;
            }));
  }

  /**
   * Revokes the tenant's API keys at once (the erasure job does it again), so it cannot add data
   * while its erasure runs; returns their hashes, for the API's key cache to forget.
   */
  public java.util.List<String> revokeKeys(TenantId tenant) {
    return jdbc.sql(
            "update api_keys set revoked_at = ? where tenant_id = ? and revoked_at is null "
                + "returning key_hash")
        .params(Timestamp.from(clock.instant()), tenant.value())
        .query(String.class)
        .list();
  }

  /** The active hold that forbids erasing the tenant, if any. */
  public Optional<LegalHold> blockingHold(TenantId tenant) {
    return tx.execute(s -> holds.blockingDeletion(tenant, java.util.List.of()));
  }

  /**
   * Creates the erasure job (or returns the one already created for this tenant).
   *
   * @throws IllegalStateException when there is no admin tenant to own it
   */
  public JobRecord start(TenantId tenant, Map<String, Object> metadata) {
    Tenant admin =
        tenants
            .find(ADMIN)
            .orElseThrow(() -> new IllegalStateException("no admin tenant to run the erasure"));
    JobSubmission submission =
        new JobSubmission(
            TenantErasureJobType.NAME,
            JobInput.none(),
            Map.of(TenantErasureJobType.TENANT_ID, tenant.value()),
            null,
            metadata,
            0);
    String key = "erasure:" + tenant.value();
    return jobs.insert(
            new NewJob(
                JobId.random(),
                admin,
                submission,
                TenantErasureJobType.TYPE.queueClass(),
                TenantErasureJobType.TYPE.maxAttempts(),
                0,
                key,
                ApiKeys.hash(key),
                null))
        .job();
  }
}
