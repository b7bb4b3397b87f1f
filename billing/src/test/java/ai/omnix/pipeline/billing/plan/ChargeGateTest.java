package ai.omnix.pipeline.billing.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.billing.ledger.Balance;
import ai.omnix.pipeline.core.billing.plan.Entitlements;
import ai.omnix.pipeline.core.billing.plan.ModelTier;
import ai.omnix.pipeline.core.billing.plan.PlanCatalog;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.testkit.SettableClock;
import ai.omnix.pipeline.testkit.billing.InMemoryAllowanceCounters;
import ai.omnix.pipeline.testkit.billing.InMemoryCreditLedger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChargeGateTest {
  private static final TenantId TENANT = new TenantId("acme");
  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-20T10:00:00Z"));
  private final InMemoryCreditLedger ledger = new InMemoryCreditLedger(clock);
  private final InMemoryAllowanceCounters allowances = new InMemoryAllowanceCounters();
  private final ChargeGate gate = new ChargeGate(allowances, ledger, clock);

  private ChargeGate.Charge chat(Entitlements plan, String key) {
    return gate.charge(
        TENANT, plan, Feature.TEXT, ModelTier.BASIC, 1, Credits.parse("0.2"), key, null, null);
  }

  @Test
  void theFreePlansFiveDailyChatsComeFirstThenCreditsThenA402WithBalanceAndNeed() {
    Entitlements free = PlanCatalog.entitlements(Plan.FREE);
    for (int i = 0; i < 5; i++) {
      assertThat(chat(free, "m" + i)).isInstanceOf(ChargeGate.FromAllowance.class);
    }
    ledger.grant(TENANT, "g", Credits.parse("0.3"), "test");
    assertThat(chat(free, "m5")).isInstanceOf(ChargeGate.FromCredits.class);
    assertThat(ledger.balance(TENANT))
        .isEqualTo(new Balance(Credits.parse("0.1"), Credits.parse("0.2")));

    assertThatThrownBy(() -> chat(free, "m6"))
        .isInstanceOfSatisfying(
            ChargeGate.ChargeRefusedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(402);
              assertThat(e.code()).isEqualTo("insufficient_credits");
              assertThat(e.details())
                  .containsEntry("balance", Credits.parse("0.1").toBigDecimal())
                  .containsEntry("needed", Credits.parse("0.2").toBigDecimal());
            });

    clock.advance(Duration.ofDays(1));
    assertThat(chat(free, "m7"))
        .as("a new UTC day starts the allowance over")
        .isInstanceOf(ChargeGate.FromAllowance.class);
  }

  @Test
  void aPlanWithoutTheFeatureIsA403NamingThePlanThatHasIt() {
    assertThatThrownBy(
            () ->
                gate.charge(
                    TENANT,
                    PlanCatalog.entitlements(Plan.STUDENT),
                    Feature.VIDEO,
                    ModelTier.BASIC,
                    1,
                    Credits.of(20),
                    "v1",
                    null,
                    null))
        .isInstanceOfSatisfying(
            ChargeGate.ChargeRefusedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.code()).isEqualTo("plan_does_not_include");
              assertThat(e.details()).containsEntry("included_in", "pro");
            });
  }

  @Test
  void proChatIsFreeAndItsVideosAreReservedAndUndoGivesEverythingBack() {
    Entitlements pro = PlanCatalog.entitlements(Plan.PRO);
    ledger.grant(TENANT, "g", Credits.of(30), "test");
    assertThat(chat(pro, "m1")).isInstanceOf(ChargeGate.Free.class);

    ChargeGate.Charge video =
        gate.charge(
            TENANT, pro, Feature.VIDEO, ModelTier.PREMIUM, 1, Credits.of(25), "job:1", null, null);
    assertThat(video).isInstanceOf(ChargeGate.FromCredits.class);
    assertThat(
            gate.charge(
                TENANT,
                pro,
                Feature.VIDEO,
                ModelTier.PREMIUM,
                1,
                Credits.of(25),
                "job:1",
                null,
                null))
        .as("the same key replays")
        .isEqualTo(video);
    assertThat(ledger.balance(TENANT)).isEqualTo(new Balance(Credits.of(5), Credits.of(25)));

    gate.undo(TENANT, "job:1");
    assertThat(ledger.balance(TENANT)).isEqualTo(new Balance(Credits.of(30), Credits.ZERO));
  }

  @Test
  void aStudentsMonthFollowsThePaidPeriodAndAFailedJobGivesItsAllowanceBack() {
    Entitlements student = PlanCatalog.entitlements(Plan.STUDENT);
    Instant paid = Instant.parse("2026-03-07T08:00:00Z");
    Instant until = Instant.parse("2026-04-07T08:00:00Z");
    for (int i = 0; i < 10; i++) {
      assertThat(
              gate.charge(
                  TENANT,
                  student,
                  Feature.IMAGE,
                  ModelTier.BASIC,
                  1,
                  Credits.of(2),
                  "img" + i,
                  paid,
                  until))
          .isInstanceOf(ChargeGate.FromAllowance.class);
    }
    assertThat(allowances.used(TENANT, Feature.IMAGE, paid)).isEqualTo(10);
    gate.undo(TENANT, "img3");
    assertThat(allowances.used(TENANT, Feature.IMAGE, paid)).isEqualTo(9);
    assertThat(
            gate.charge(
                TENANT,
                student,
                Feature.IMAGE,
                ModelTier.BASIC,
                1,
                Credits.of(2),
                "img10",
                paid,
                until))
        .isInstanceOf(ChargeGate.FromAllowance.class);
  }
}
