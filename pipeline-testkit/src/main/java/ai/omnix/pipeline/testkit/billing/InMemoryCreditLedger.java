package ai.omnix.pipeline.testkit.billing;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.ledger.Account;
import ai.omnix.pipeline.core.billing.ledger.Balance;
import ai.omnix.pipeline.core.billing.ledger.Clawback;
import ai.omnix.pipeline.core.billing.ledger.CreditLedger;
import ai.omnix.pipeline.core.billing.ledger.EntryKind;
import ai.omnix.pipeline.core.billing.ledger.Hold;
import ai.omnix.pipeline.core.billing.ledger.InsufficientCreditsException;
import ai.omnix.pipeline.core.billing.ledger.LedgerConflictException;
import ai.omnix.pipeline.core.billing.ledger.LedgerEntry;
import ai.omnix.pipeline.core.tenant.TenantId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** A {@link CreditLedger} in memory, for fast tests of its callers. One lock for everything. */
public final class InMemoryCreditLedger implements CreditLedger {
  private final Clock clock;
  private final List<LedgerEntry> entries = new ArrayList<>();
  private final Map<String, Operation> operations = new HashMap<>();
  private final Map<String, Hold> holds = new HashMap<>();
  private final Map<TenantId, Balance> balances = new HashMap<>();

  private record Operation(EntryKind kind, Credits amount, Object outcome) {}

  public InMemoryCreditLedger(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Balance balance(TenantId tenant) {
    return balances.getOrDefault(tenant, Balance.EMPTY);
  }

  @Override
  public synchronized Hold reserve(
      TenantId tenant, String holdKey, Credits amount, String reference) {
    requirePositive(amount);
    Hold existing = holds.get(tenant + "/" + holdKey);
    if (existing != null) {
      if (!existing.amount().equals(amount)) {
        throw new LedgerConflictException(
            "hold " + holdKey + " holds " + existing.amount() + ", not " + amount);
      }
      return existing;
    }
    Balance balance = balance(tenant);
    if (balance.available().isLessThan(amount)) {
      throw new InsufficientCreditsException(balance.available(), amount);
    }
    append(tenant, "hold/" + holdKey + "/reserve", EntryKind.RESERVE, amount, holdKey, reference);
    Hold hold =
        new Hold(
            tenant,
            holdKey,
            amount,
            Hold.Status.OPEN,
            Credits.ZERO,
            reference,
            clock.instant(),
            null);
    holds.put(tenant + "/" + holdKey, hold);
    return hold;
  }

  @Override
  public synchronized Hold settle(TenantId tenant, String holdKey, Credits actual) {
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
    if (actual.isPositive()) {
      append(tenant, "hold/" + holdKey + "/settle", EntryKind.SETTLE, actual, holdKey, null);
    }
    Credits rest = hold.amount().minus(actual);
    if (rest.isPositive()) {
      append(tenant, "hold/" + holdKey + "/release", EntryKind.RELEASE, rest, holdKey, null);
    }
    return close(hold, Hold.Status.SETTLED, actual);
  }

  @Override
  public synchronized Hold release(TenantId tenant, String holdKey) {
    Hold hold = existingHold(tenant, holdKey);
    if (hold.status() != Hold.Status.OPEN) {
      return hold;
    }
    append(tenant, "hold/" + holdKey + "/release", EntryKind.RELEASE, hold.amount(), holdKey, null);
    return close(hold, Hold.Status.RELEASED, Credits.ZERO);
  }

  @Override
  public synchronized Optional<Hold> hold(TenantId tenant, String holdKey) {
    return Optional.ofNullable(holds.get(tenant + "/" + holdKey));
  }

  @Override
  public synchronized LedgerEntry grant(
      TenantId tenant, String idempotencyKey, Credits amount, String reason) {
    return credit(tenant, idempotencyKey, EntryKind.GRANT, amount, reason);
  }

  @Override
  public synchronized LedgerEntry purchase(
      TenantId tenant, String idempotencyKey, Credits amount, String reference) {
    return credit(tenant, idempotencyKey, EntryKind.PURCHASE, amount, reference);
  }

  private LedgerEntry credit(
      TenantId tenant, String key, EntryKind kind, Credits amount, String reference) {
    requirePositive(amount);
    Operation previous = operations.get(tenant + "/" + key);
    if (previous != null) {
      return (LedgerEntry) replay(previous, key, kind, amount);
    }
    LedgerEntry entry = append(tenant, key, kind, amount, null, reference);
    operations.put(tenant + "/" + key, new Operation(kind, amount, entry));
    return entry;
  }

  @Override
  public synchronized Clawback clawback(
      TenantId tenant, String idempotencyKey, Credits amount, String reason) {
    requirePositive(amount);
    Operation previous = operations.get(tenant + "/" + idempotencyKey);
    if (previous != null) {
      return (Clawback) replay(previous, idempotencyKey, EntryKind.CLAWBACK, amount);
    }
    Credits taken = amount.min(balance(tenant).available());
    if (taken.isPositive()) {
      append(tenant, idempotencyKey, EntryKind.CLAWBACK, taken, null, reason);
    }
    Clawback outcome = new Clawback(amount, taken, amount.minus(taken));
    operations.put(
        tenant + "/" + idempotencyKey, new Operation(EntryKind.CLAWBACK, amount, outcome));
    return outcome;
  }

  @Override
  public synchronized List<LedgerEntry> entries(TenantId tenant, long afterId, int limit) {
    return entries.stream()
        .filter(e -> e.tenant().equals(tenant) && e.id() > afterId)
        .limit(limit)
        .toList();
  }

  private static Object replay(Operation previous, String key, EntryKind kind, Credits amount) {
    if (previous.kind() != kind || !previous.amount().equals(amount)) {
      throw new LedgerConflictException(
          "key "
              + key
              + " was used for "
              + previous.kind().wireName()
              + " of "
              + previous.amount());
    }
    return previous.outcome();
  }

  private Hold existingHold(TenantId tenant, String holdKey) {
    Hold hold = holds.get(tenant + "/" + holdKey);
    if (hold == null) {
      throw new NoSuchElementException("no hold " + holdKey);
    }
    return hold;
  }

  private Hold close(Hold hold, Hold.Status status, Credits charged) {
    Hold closed =
        new Hold(
            hold.tenant(),
            hold.holdKey(),
            hold.amount(),
            status,
            charged,
            hold.reference(),
            hold.createdAt(),
            clock.instant());
    holds.put(hold.tenant() + "/" + hold.holdKey(), closed);
    return closed;
  }

  private LedgerEntry append(
      TenantId tenant,
      String key,
      EntryKind kind,
      Credits amount,
      String holdKey,
      String reference) {
    Balance b = balance(tenant);
    Credits available = b.available().plus(delta(Account.AVAILABLE, kind, amount));
    Credits reserved = b.reserved().plus(delta(Account.RESERVED, kind, amount));
    if (available.isNegative() || reserved.isNegative()) {
      throw new IllegalStateException("a balance would go negative");
    }
    balances.put(tenant, new Balance(available, reserved));
    LedgerEntry entry =
        new LedgerEntry(
            entries.size() + 1, tenant, key, kind, amount, holdKey, reference, clock.instant());
    entries.add(entry);
    return entry;
  }

  private static Credits delta(Account account, EntryKind kind, Credits amount) {
    if (kind.credit() == account) {
      return amount;
    }
    return kind.debit() == account ? Credits.ZERO.minus(amount) : Credits.ZERO;
  }

  private static void requirePositive(Credits amount) {
    if (!amount.isPositive()) {
      throw new IllegalArgumentException("amount must be positive, was " + amount);
    }
  }
}
