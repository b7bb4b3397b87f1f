package ai.omnix.pipeline.billing.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.tenant.Plan;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProrationTest {
  // March 2026: 31 days
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant END = Instant.parse("2026-04-01T00:00:00Z");

  @ParameterizedTest(name = "{0}×{1} → {2}×{3} at {4}: credit {5}, charge {6}")
  @CsvSource({
    // half the month left (15.5 of 31 days): half of each fee, rounded half-up to the cent:
    // 19.99 / 2 = 9.995 → 10.00; 3 × 49.99 / 2 = 74.985 → 74.99
    "PRO, 1, TEAM, 3, 2026-03-16T12:00:00Z, 1000, 7499",
    "FREE, 1, PRO, 1, 2026-03-16T12:00:00Z, 0, 1000",
    "PRO, 1, FREE, 1, 2026-03-16T12:00:00Z, 1000, 0",
    // ten of 31 days left: 19.99 × 10/31 = 6.448… → 6.45; 4.99 × 10/31 = 1.609… → 1.61
    "PRO, 1, STUDENT, 1, 2026-03-22T00:00:00Z, 645, 161",
    // seats only: team × 2 → team × 5 with one day left: 99.98/31 = 3.225… → 3.23; 249.95/31 =
    // 8.062… → 8.06
    "TEAM, 2, TEAM, 5, 2026-03-31T00:00:00Z, 323, 806",
    // at the very start: the whole fees; at the very end: nothing
    "STUDENT, 1, PRO, 1, 2026-03-01T00:00:00Z, 499, 1999",
    "STUDENT, 1, PRO, 1, 2026-04-01T00:00:00Z, 0, 0",
    // enterprise is negotiated: only the other side is prorated
    "PRO, 1, ENTERPRISE, 1, 2026-03-16T12:00:00Z, 1000, 0",
  })
  void creditsTheUnusedOldFeeAndChargesTheRestOfTheNewOne(
      Plan from, int fromSeats, Plan to, int toSeats, String at, long credit, long charge) {
    Proration.Result result =
        Proration.of(from, fromSeats, to, toSeats, START, END, Instant.parse(at));
    assertThat(result.unusedCreditCents()).isEqualTo(credit);
    assertThat(result.newChargeCents()).isEqualTo(charge);
    assertThat(result.netCents()).isEqualTo(charge - credit);
  }

  @Test
  void roundsHalfUpToTheCentOnEachLineApart() {
    // 0.005 exactly → 0.01; 0.004999… → 0.00
    assertThat(Proration.share(ai.omnix.pipeline.core.billing.Usd.parse("0.01"), 1, 2))
        .isEqualTo(1);
    assertThat(Proration.share(ai.omnix.pipeline.core.billing.Usd.parse("0.01"), 499, 1000))
        .isZero();
  }

  @Test
  void aChangeOutsideThePeriodIsRefused() {
    assertThatThrownBy(
            () ->
                Proration.of(
                    Plan.PRO, 1, Plan.TEAM, 2, START, END, Instant.parse("2026-04-02T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proration.of(Plan.PRO, 1, Plan.TEAM, 2, END, START, END))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
