package ai.omnix.pipeline.core.billing.plan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.tenant.Plan;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChargePlanTest {
  private static final Credits IMAGE_PRICE = Credits.of(2);

  private static ChargePlan decide(Plan plan, Feature feature, ModelTier tier) {
    return ChargePlan.decide(PlanCatalog.entitlements(plan), feature, tier, 1, IMAGE_PRICE);
  }

  @Test
  void freeHasFiveTextChatsADayThenCredits() {
    assertThat(decide(Plan.FREE, Feature.TEXT, ModelTier.BASIC))
        .isEqualTo(
            new ChargePlan.AllowanceThenCredits(
                Feature.TEXT, 1, 5, AllowancePeriod.DAY, IMAGE_PRICE));
  }

  @Test
  void freeRefusesVideoAgentsVoiceAndPremiumModelsNamingThePlanThatHasThem() {
    assertThat(decide(Plan.FREE, Feature.VIDEO, ModelTier.BASIC))
        .isEqualTo(
            new ChargePlan.NotIncluded(
                Feature.VIDEO, ModelTier.BASIC, Plan.FREE, Optional.of(Plan.PRO)));
    assertThat(decide(Plan.FREE, Feature.AGENTS, ModelTier.BASIC))
        .isInstanceOf(ChargePlan.NotIncluded.class);
    assertThat(decide(Plan.FREE, Feature.VOICE, ModelTier.BASIC))
        .isInstanceOf(ChargePlan.NotIncluded.class);
    ChargePlan premiumText = decide(Plan.FREE, Feature.TEXT, ModelTier.PREMIUM);
    assertThat(premiumText)
        .isEqualTo(
            new ChargePlan.NotIncluded(
                Feature.TEXT, ModelTier.PREMIUM, Plan.FREE, Optional.of(Plan.STUDENT)));
    assertThat(((ChargePlan.NotIncluded) premiumText).message())
        .isEqualTo(
            "The free plan does not include premium models for text; the student plan does.");
  }

  @Test
  void studentHas500MessagesAndTenImagesAMonthAndNoVideo() {
    assertThat(decide(Plan.STUDENT, Feature.TEXT, ModelTier.PREMIUM))
        .isEqualTo(
            new ChargePlan.AllowanceThenCredits(
                Feature.TEXT, 1, 500, AllowancePeriod.MONTH, IMAGE_PRICE));
    assertThat(decide(Plan.STUDENT, Feature.IMAGE, ModelTier.BASIC))
        .isEqualTo(
            new ChargePlan.AllowanceThenCredits(
                Feature.IMAGE, 1, 10, AllowancePeriod.MONTH, IMAGE_PRICE));
    assertThat(decide(Plan.STUDENT, Feature.VIDEO, ModelTier.BASIC))
        .isInstanceOf(ChargePlan.NotIncluded.class);
    assertThat(PlanCatalog.entitlements(Plan.STUDENT).maxUploadBytes()).isEqualTo(10L << 20);
  }

  @Test
  void proChatsWithoutLimitAndPaysCreditsForPremiumImagesAndVideo() {
    assertThat(decide(Plan.PRO, Feature.TEXT, ModelTier.PREMIUM)).isEqualTo(new ChargePlan.Free());
    assertThat(decide(Plan.PRO, Feature.IMAGE, ModelTier.PREMIUM))
        .isEqualTo(new ChargePlan.CreditsOnly(IMAGE_PRICE));
    assertThat(decide(Plan.PRO, Feature.VIDEO, ModelTier.PREMIUM))
        .isEqualTo(new ChargePlan.CreditsOnly(IMAGE_PRICE));
  }

  @Test
  void internalWorkIsNeverCharged() {
    for (Plan plan : Plan.values()) {
      assertThat(decide(plan, Feature.INTERNAL, ModelTier.BASIC)).isEqualTo(new ChargePlan.Free());
    }
  }

  @Test
  void teamAllowancesScaleWithSeats() {
    Entitlements team =
        PlanCatalog.entitlements(
            Plan.TEAM,
            3,
            new EntitlementOverrides(
                Map.of(Feature.IMAGE, Access.allowance(20, AllowancePeriod.MONTH)),
                null,
                null,
                Map.of()));
    assertThat(team.seats()).isEqualTo(3);
    assertThat(team.access(Feature.TEXT)).isEqualTo(Access.UNLIMITED);
    Entitlements studentSeats =
        Entitlements.of(PlanCatalog.defaults(Plan.STUDENT), 4, EntitlementOverrides.NONE);
    assertThat(studentSeats.access(Feature.IMAGE).included()).isEqualTo(40);
  }

  @Test
  void enterpriseOverridesAccessPremiumModelsUploadsAndPrices() {
    Entitlements contract =
        PlanCatalog.entitlements(
            Plan.ENTERPRISE,
            1,
            new EntitlementOverrides(
                Map.of(Feature.VIDEO, Access.allowance(100, AllowancePeriod.MONTH)),
                Set.of(Feature.TEXT),
                1L << 40,
                Map.of(Feature.IMAGE, new BigDecimal("0.75"))));
    assertThat(ChargePlan.decide(contract, Feature.IMAGE, ModelTier.BASIC, 1, Credits.parse("1.5")))
        .as("25 % off, rounded up to a milli-credit")
        .isEqualTo(new ChargePlan.CreditsOnly(Credits.parse("1.125")));
    assertThat(ChargePlan.decide(contract, Feature.IMAGE, ModelTier.PREMIUM, 1, IMAGE_PRICE))
        .isInstanceOf(ChargePlan.NotIncluded.class);
    assertThat(ChargePlan.decide(contract, Feature.VIDEO, ModelTier.PREMIUM, 1, IMAGE_PRICE))
        .isInstanceOf(ChargePlan.NotIncluded.class);
    assertThat(ChargePlan.decide(contract, Feature.VIDEO, ModelTier.BASIC, 1, IMAGE_PRICE))
        .isInstanceOf(ChargePlan.AllowanceThenCredits.class);
    assertThat(contract.maxUploadBytes()).isEqualTo(1L << 40);
  }

  @Test
  void monthsFollowThePaidPeriodWhenThereIsOneAndTheCalendarOtherwise() {
    var now = java.time.Instant.parse("2026-03-20T10:00:00Z");
    assertThat(AllowancePeriod.DAY.windowStart(now, null, null))
        .isEqualTo(java.time.Instant.parse("2026-03-20T00:00:00Z"));
    assertThat(AllowancePeriod.MONTH.windowStart(now, null, null))
        .isEqualTo(java.time.Instant.parse("2026-03-01T00:00:00Z"));
    var paidFrom = java.time.Instant.parse("2026-03-07T08:30:00Z");
    assertThat(
            AllowancePeriod.MONTH.windowStart(
                now, paidFrom, java.time.Instant.parse("2026-04-07T08:30:00Z")))
        .isEqualTo(paidFrom);
    assertThat(
            AllowancePeriod.MONTH.windowStart(
                now, paidFrom.minus(java.time.Duration.ofDays(31)), paidFrom))
        .as("a lapsed period falls back to the calendar month")
        .isEqualTo(java.time.Instant.parse("2026-03-01T00:00:00Z"));
  }
}
