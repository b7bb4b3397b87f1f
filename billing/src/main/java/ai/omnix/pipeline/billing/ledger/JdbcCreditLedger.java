package ai.omnix.pipeline.billing.ledger;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.ledger.Balance;
import ai.omnix.pipeline.core.billing.ledger.Clawback;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.billing.ledger.EntryKind;
import ai.omnix.pipeline.core.billing.ledger.Hold;
import ai.omnix.pipeline.core.billing.ledger.InsufficientCreditsException;
import ai.omnix.pipeline.core.billing.ledger.LedgerConflictException;
import ai.omnix.pipeline.core.billing.ledger.LedgerEntry;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link CreditLedger} in PostgreSQL (tables of V70).
 *
 * <p><b>Locking.</b> Every operation first locks the tenant's {@code credit_balances} row ({@code
 * select … for update}, the row created on first use), then checks its idempotency key and the
 * balance, then writes the operation, its entries, the hold and the new balance. So all operations
 * of one tenant are serialised wherever they come from (any number of API processes and workers),
 * the check "enough available" and the debit happen under the same lock, and operations of
 * different tenants never wait for each other. Check constraints ({@code available_millis >= 0},
 * {@code reserved_millis >= 0}) are the backstop: a bug that would overdraw fails its transaction
 * instead. One row lock per operation cannot deadlock.
 *
 * <p>Runs in the caller's transaction when one is open on the same DataSource ({@code
 * PROPAGATION_REQUIRED}); a refusal inside it marks that transaction rollback-only, which is what a
 * refused submission wants.
 */
public class JdbcCreditLedger implements CreditLedger {
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  public JdbcCreditLedger(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public Balance balance(TenantId tenant) {
    return jdbc.sql(
            "select available_millis, reserved_millis from credit_balances where tenant_id = ?")
        .param(tenant.value())
        .query(
            (rs, n) ->
                new Balance(
                    Credits.ofMillis(rs.getLong("available_millis")),
                    Credits.ofMillis(rs.getLong("reserved_millis"))))
        .optional()
        .orElse(Balance.EMPTY);
  }

  @Override
  public Hold reserve(TenantId tenant, String holdKey, Credits amount, String reference) {
    requirePositive(amount);
    requireKey(holdKey);
    return tx.execute(
        status -> {
          Balance balance = lock(tenant);
          Optional<Hold> existing = hold(tenant, holdKey);
          if (existing.isPresent()) {
            if (!existing.get().amount().equals(amount)) {
              throw new LedgerConflictException(
                  "hold " + holdKey + " holds " + existing.get().amount() + ", not " + amount);
            }
            return existing.get();
          }
          if (balance.available().isLessThan(amount)) {
            throw new InsufficientCreditsException(balance.available(), amount);
          }
          Instant now = now();
          String op = holdOperation(holdKey, "reserve");
          operation(tenant, op, EntryKind.RESERVE, amount, amount, reference, now);
          entry(tenant, op, EntryKind.RESERVE, amount, holdKey, reference, now);
          jdbc.sql(
                  """
              insert into credit_holds (tenant_id, hold_key, amount_millis, status, reference, created_at)
              values (?, ?, ?, 'open', ?, ?)""")
              .params(tenant.value(), holdKey, amount.millis(), reference, Timestamp.from(now))
              .update();
          move(tenant, amount.negate(), amount, now);
          return new Hold(
              tenant, holdKey, amount, Hold.Status.OPEN, Credits.ZERO, reference, now, null);
        });
  }

  @Override
  public Hold settle(TenantId tenant, String holdKey, Credits actual) {
    return tx.execute(
        status -> {
          lock(tenant);
          Hold hold = existingHold(tenant, holdKey);
          if (actual.isNegative() || actual.isGreaterThan(hold.amount())) {
            throw new IllegalArgumentException(
                "a hold of " + hold.amount() + " cannot be settled at " + actual);
          }
          switch (hold.status()) {
            case SETTLED -> {
              if (hold.charged().equals(actual)) {
                return hold;
              }
              throw new LedgerConflictException(
                  "hold " + holdKey + " was settled at " + hold.charged() + ", not " + actual);
            }
            case RELEASED -> throw new LedgerConflictException("hold " + holdKey + " was released");
            case OPEN -> {}
          }
          return close(tenant, hold, Hold.Status.SETTLED, actual);
        });
  }

  @Override
  public Hold release(TenantId tenant, String holdKey) {
    return tx.execute(
        status -> {
          lock(tenant);
          Hold hold = existingHold(tenant, holdKey);
          return hold.status() == Hold.Status.OPEN
              ? close(tenant, hold, Hold.Status.RELEASED, Credits.ZERO)
              : hold;
        });
  }

  private Hold close(TenantId tenant, Hold hold, Hold.Status outcome, Credits charged) {
    Instant now = now();
    String op = holdOperation(hold.holdKey(), "close");
    Credits rest = hold.amount().minus(charged);
    operation(
        tenant,
        op,
        outcome == Hold.Status.SETTLED ? EntryKind.SETTLE : EntryKind.RELEASE,
        hold.amount(),
        charged,
        hold.reference(),
        now);
    if (charged.isPositive()) {
      entry(tenant, op, EntryKind.SETTLE, charged, hold.holdKey(), hold.reference(), now);
    }
    if (rest.isPositive()) {
      entry(tenant, op, EntryKind.RELEASE, rest, hold.holdKey(), hold.reference(), now);
    }
    jdbc.sql(
            """
        update credit_holds set status = ?, charged_millis = ?, closed_at = ?
        where tenant_id = ? and hold_key = ?""")
        .params(
            outcome.wireName(),
            charged.millis(),
            Timestamp.from(now),
            tenant.value(),
            hold.holdKey())
        .update();
    move(tenant, rest, hold.amount().negate(), now);
    return new Hold(
        tenant,
        hold.holdKey(),
        hold.amount(),
        outcome,
        charged,
        hold.reference(),
        hold.createdAt(),
        now);
  }

  @Override
  public Optional<Hold> hold(TenantId tenant, String holdKey) {
    return jdbc.sql("select * from credit_holds where tenant_id = ? and hold_key = ?")
        .params(tenant.value(), holdKey)
        .query(JdbcCreditLedger::mapHold)
        .optional();
  }

  @Override
  public LedgerEntry grant(TenantId tenant, String idempotencyKey, Credits amount, String reason) {
    return credit(tenant, idempotencyKey, EntryKind.GRANT, amount, reason);
  }

  @Override
  public LedgerEntry purchase(
      TenantId tenant, String idempotencyKey, Credits amount, String reference) {
    return credit(tenant, idempotencyKey, EntryKind.PURCHASE, amount, reference);
  }

  private LedgerEntry credit(
      TenantId tenant, String key, EntryKind kind, Credits amount, String reference) {
    requirePositive(amount);
    requireKey(key);
    return tx.execute(
        status -> {
          lock(tenant);
          if (replayed(tenant, key, kind, amount).isPresent()) {
            return entryByKey(tenant, entryKey(key, kind));
          }
          Instant now = now();
          operation(tenant, key, kind, amount, amount, reference, now);
          LedgerEntry entry = entry(tenant, key, kind, amount, null, reference, now);
          move(tenant, amount, Credits.ZERO, now);
          return entry;
        });
  }

  @Override
  public Clawback clawback(TenantId tenant, String idempotencyKey, Credits amount, String reason) {
    requirePositive(amount);
    requireKey(idempotencyKey);
    return tx.execute(
        status -> {
          Balance balance = lock(tenant);
          Optional<Credits> previous = replayed(tenant, idempotencyKey, EntryKind.CLAWBACK, amount);
          if (previous.isPresent()) {
            return new Clawback(amount, previous.get(), amount.minus(previous.get()));
          }
          Instant now = now();
          Credits taken = amount.min(balance.available());
          operation(tenant, idempotencyKey, EntryKind.CLAWBACK, amount, taken, reason, now);
          if (taken.isPositive()) {
            entry(tenant, idempotencyKey, EntryKind.CLAWBACK, taken, null, reason, now);
            move(tenant, taken.negate(), Credits.ZERO, now);
          }
          return new Clawback(amount, taken, amount.minus(taken));
        });
  }

  @Override
  public List<LedgerEntry> entries(TenantId tenant, long afterId, int limit) {
    return jdbc.sql(
            "select * from ledger_entries where tenant_id = ? and id > ? order by id limit ?")
        .params(tenant.value(), afterId, Math.max(0, Math.min(limit, 1000)))
        .query(JdbcCreditLedger::mapEntry)
        .list();
  }

  /** Locks the tenant's balance row (creating it on first use) and returns the balance. */
  private Balance lock(TenantId tenant) {
    Optional<Balance> locked = lockedBalance(tenant);
    if (locked.isPresent()) {
      return locked.get();
    }
    jdbc.sql(
            "insert into credit_balances (tenant_id, updated_at) values (?, ?) on conflict do nothing")
        .params(tenant.value(), Timestamp.from(now()))
        .update();
    return lockedBalance(tenant).orElseThrow();
  }

  private Optional<Balance> lockedBalance(TenantId tenant) {
    return jdbc.sql(
            "select available_millis, reserved_millis from credit_balances where tenant_id = ? for update")
        .param(tenant.value())
        .query(
            (rs, n) ->
                new Balance(
                    Credits.ofMillis(rs.getLong("available_millis")),
                    Credits.ofMillis(rs.getLong("reserved_millis"))))
        .optional();
  }

  private void move(TenantId tenant, Credits available, Credits reserved, Instant now) {
    jdbc.sql(
            """
        update credit_balances set available_millis = available_millis + ?,
          reserved_millis = reserved_millis + ?, updated_at = ? where tenant_id = ?""")
        .params(available.millis(), reserved.millis(), Timestamp.from(now), tenant.value())
        .update();
  }

  /** The applied amount of an earlier operation under this key, or empty for a new key. */
  private Optional<Credits> replayed(
      TenantId tenant, String key, EntryKind kind, Credits requested) {
    return jdbc.sql(
            "select kind, requested_millis, applied_millis from ledger_operations where tenant_id = ? and key = ?")
        .params(tenant.value(), key)
        .query(
            (rs, n) -> {
              if (!rs.getString("kind").equals(kind.wireName())
                  || rs.getLong("requested_millis") != requested.millis()) {
                throw new LedgerConflictException(
                    "key "
                        + key
                        + " was used for "
                        + rs.getString("kind")
                        + " of "
                        + Credits.ofMillis(rs.getLong("requested_millis")));
              }
              return Credits.ofMillis(rs.getLong("applied_millis"));
            })
        .optional();
  }

  private void operation(
      TenantId tenant,
      String key,
      EntryKind kind,
      Credits requested,
      Credits applied,
      String reference,
      Instant now) {
    jdbc.sql(
            """
        insert into ledger_operations (tenant_id, key, kind, requested_millis, applied_millis, reference, created_at)
        values (?, ?, ?, ?, ?, ?, ?)""")
        .params(
            tenant.value(),
            key,
            kind.wireName(),
            requested.millis(),
            applied.millis(),
            reference,
            Timestamp.from(now))
        .update();
  }

  private LedgerEntry entry(
      TenantId tenant,
      String operationKey,
      EntryKind kind,
      Credits amount,
      String holdKey,
      String reference,
      Instant now) {
    return jdbc.sql(
            """
        insert into ledger_entries (tenant_id, entry_key, operation_key, kind, debit_account, credit_account,
          amount_millis, hold_key, reference, created_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning *""")
        .params(
            tenant.value(),
            entryKey(operationKey, kind),
            operationKey,
            kind.wireName(),
            kind.debit().wireName(),
            kind.credit().wireName(),
            amount.millis(),
            holdKey,
            reference,
            Timestamp.from(now))
        .query(JdbcCreditLedger::mapEntry)
        .single();
  }

  private LedgerEntry entryByKey(TenantId tenant, String entryKey) {
    return jdbc.sql("select * from ledger_entries where tenant_id = ? and entry_key = ?")
        .params(tenant.value(), entryKey)
        .query(JdbcCreditLedger::mapEntry)
        .single();
  }

  private Hold existingHold(TenantId tenant, String holdKey) {
    return hold(tenant, holdKey)
        .orElseThrow(() -> new NoSuchElementException("no hold " + holdKey));
  }

  /** PostgreSQL keeps microseconds: what is returned must equal what is read back. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  /** Hold operations are namespaced apart from the callers' own idempotency keys. */
  private static String holdOperation(String holdKey, String step) {
    return "hold/" + holdKey + "/" + step;
  }

  private static String entryKey(String operationKey, EntryKind kind) {
    return operationKey + "#" + kind.wireName();
  }

  private static void requirePositive(Credits amount) {
    if (!amount.isPositive()) {
      throw new IllegalArgumentException("amount must be positive, was " + amount);
    }
  }

  private static void requireKey(String key) {
    if (key == null || key.isBlank() || key.length() > 255) {
      throw new IllegalArgumentException("a key is 1 to 255 characters");
    }
  }

  static Hold mapHold(ResultSet rs, int row) throws SQLException {
    Timestamp closed = rs.getTimestamp("closed_at");
    return new Hold(
        new TenantId(rs.getString("tenant_id")),
        rs.getString("hold_key"),
        Credits.ofMillis(rs.getLong("amount_millis")),
        Hold.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        Credits.ofMillis(rs.getLong("charged_millis")),
        rs.getString("reference"),
        rs.getTimestamp("created_at").toInstant(),
        closed == null ? null : closed.toInstant());
  }

  static LedgerEntry mapEntry(ResultSet rs, int row) throws SQLException {
    return new LedgerEntry(
        rs.getLong("id"),
        new TenantId(rs.getString("tenant_id")),
        rs.getString("entry_key"),
        EntryKind.fromWireName(rs.getString("kind")),
        Credits.ofMillis(rs.getLong("amount_millis")),
        rs.getString("hold_key"),
        rs.getString("reference"),
        rs.getTimestamp("created_at").toInstant());
  }
}
