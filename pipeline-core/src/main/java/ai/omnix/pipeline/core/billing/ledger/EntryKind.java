package ai.omnix.pipeline.core.billing.ledger;

import java.util.Locale;

/** Why an entry was written; each kind moves money between fixed accounts. */
public enum EntryKind {
  /** available → reserved: escrow for a job or chat message. */
  RESERVE(Account.AVAILABLE, Account.RESERVED),
  /** reserved → revenue: what the work actually cost. */
  SETTLE(Account.RESERVED, Account.REVENUE),
  /** reserved → available: the part of a hold that was not spent. */
  RELEASE(Account.RESERVED, Account.AVAILABLE),
  /** purchases → available: a paid credit package. */
  PURCHASE(Account.PURCHASES, Account.AVAILABLE),
  /** promotional grants → available: support credit, promotions, the plan's included credits. */
  GRANT(Account.PROMOTIONAL_GRANTS, Account.AVAILABLE),
  /** available → refunds: credits taken back for a refunded payment. */
  CLAWBACK(Account.AVAILABLE, Account.REFUNDS);

  private final Account debit;
  private final Account credit;

  EntryKind(Account debit, Account credit) {
    this.debit = debit;
    this.credit = credit;
  }

  public Account debit() {
    return debit;
  }

  public Account credit() {
    return credit;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EntryKind fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
