package ai.omnix.pipeline.billing.reconciliation;

/**
 * One discrepancy: which check found it, about what ({@code subject}: a tenant, a hold), the
 * expected and actual amounts in milli-credits where there are any, and a sentence for a person.
 */
public record Finding(
    String check,
    String subject,
    String tenant,
    Long expectedMillis,
    Long actualMillis,
    String detail) {

  /** The stored balance of a tenant is not the sum of its ledger entries. */
  public static final String BALANCE_MATCHES_ENTRIES = "balance_matches_entries";

  /** A hold is still open after the longest a job can live: nothing will ever close it. */
  public static final String STALE_RESERVATION = "stale_reservation";
}
