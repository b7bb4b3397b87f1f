package ai.omnix.pipeline.billing.reconciliation;

/**
 * One discrepancy: which check found it, about what ({@code subject}: a tenant, a hold, a job), the
 * expected and actual amounts in milli-credits where there are any, a sentence for a person, and
 * whether the run repaired it ({@code repair: true}, safe kinds only).
 */
public record Finding(
    String check,
    String subject,
    String tenant,
    Long expectedMillis,
    Long actualMillis,
    String detail,
    boolean repaired) {

  public Finding(
      String check,
      String subject,
      String tenant,
      Long expectedMillis,
      Long actualMillis,
      String detail) {
    this(check, subject, tenant, expectedMillis, actualMillis, detail, false);
  }

  /** The same finding, repaired by this run. */
  public Finding asRepaired() {
    return new Finding(check, subject, tenant, expectedMillis, actualMillis, detail, true);
  }

  /** The stored balance of a tenant is not the sum of its ledger entries. */
  public static final String BALANCE_MATCHES_ENTRIES = "balance_matches_entries";

  /** A hold is still open after the longest a job can live: nothing will ever close it. */
  public static final String STALE_RESERVATION = "stale_reservation";

  /** A failed or canceled job's hold is still open: its reservation was never given back. */
  public static final String RESERVATION_RELEASED = "reservation_released";

  /**
   * A succeeded billable job has not exactly one settlement equal to the price of what it used
   * (none, two: billed twice, or another amount).
   */
  public static final String SETTLEMENT_MATCHES_ACTUAL = "settlement_matches_actual";
}
