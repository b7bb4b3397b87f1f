package ai.omnix.pipeline.core.billing.ledger;

import java.util.Locale;

/**
 * The chart of accounts. Every ledger entry moves a positive amount from a debit account to a
 * credit account, and every account's balance is {@code credits − debits}, so the balances of all
 * accounts always sum to zero.
 *
 * <ul>
 *   <li>{@link #AVAILABLE} and {@link #RESERVED} are per tenant (the entry's tenant): what the
 *       tenant may spend, and what is held in escrow for work in progress. Neither ever goes below
 *       zero.
 *   <li>{@link #PURCHASES} and {@link #PROMOTIONAL_GRANTS} are where credits come from: paid
 *       packages and support or promotional grants. Their balances are negative: credits issued.
 *   <li>{@link #REVENUE} is where spent credits go (settled work); {@link #REFUNDS} where credits
 *       taken back for a refunded payment go.
 * </ul>
 */
public enum Account {
  AVAILABLE(true),
  RESERVED(true),
  REVENUE(false),
  PURCHASES(false),
  PROMOTIONAL_GRANTS(false),
  REFUNDS(false);

  private final boolean perTenant;

  Account(boolean perTenant) {
    this.perTenant = perTenant;
  }

  /** Whether the account is the tenant's own (qualified by the entry's tenant). */
  public boolean perTenant() {
    return perTenant;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Account fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
