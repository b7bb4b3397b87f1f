package ai.omnix.pipeline.core.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreditPricingTest {

  @ParameterizedTest
  @CsvSource({"5, 50", "10, 100", "25, 250", "50, 500", "100, 1000"})
  void everyCreditPackageBuysTenCreditsPerDollar(String dollars, long credits) {
    assertThat(CreditPricing.creditsFor(Usd.parse(dollars))).isEqualTo(Credits.of(credits));
  }

  @Test
  void aPaymentThatIsNotAWholeNumberOfMilliCreditsIsRefusedNotRounded() {
    assertThatThrownBy(() -> CreditPricing.creditsFor(Usd.parse("0.00001")))
        .isInstanceOf(ArithmeticException.class);
  }

  @ParameterizedTest(name = "{0} costing USD {1} lists at {2}")
  @CsvSource({
    // cost × 1.5 / 0.10, rounded up to a tenth, kept inside the published range
    "IMAGE, 0.042, 1.000", // gpt-image-1: 0.63 → the image floor
    "IMAGE, 0.20, 3.000",
    "IMAGE, 0.2001, 3.100",
    "VIDEO, 3.20, 48.000", // veo-3 through Google, 8 s
    "VIDEO, 4.00, 50.000", // veo-3 through fal, 8 s: 60 capped at the ceiling
    "VIDEO, 0.036, 10.000",
    "TEXT, 0.0004, 0.100",
    "TEXT, 0.02, 0.300",
    "FILE_PROCESSING, 0.01, 0.500",
  })
  void listPriceIsCostPlusHalfKeptInsideThePublishedRange(
      Feature feature, String cost, String credits) {
    assertThat(CreditPricing.listPrice(feature, Usd.parse(cost))).isEqualTo(Credits.parse(credits));
  }

  @Test
  void aPriceOutsideItsRangeOrUnderTwentyPercentMarginIsAViolation() {
    assertThat(CreditPricing.violations(Feature.VIDEO, Credits.of(50), Usd.parse("4.00")))
        .isEmpty();
    assertThat(CreditPricing.violations(Feature.VIDEO, Credits.of(50), Usd.parse("4.20")))
        .singleElement()
        .asString()
        .contains("under cost");
    assertThat(CreditPricing.violations(Feature.IMAGE, Credits.parse("0.5"), Usd.ZERO))
        .singleElement()
        .asString()
        .contains("outside image 1.000–5.000");
    assertThat(CreditPricing.violations(Feature.TEXT, Credits.of(2), Usd.parse("1"))).hasSize(2);
  }

  @Test
  void theOldCatalogUnitWasATenthOfACent() {
    assertThat(CreditPricing.legacyCatalogCost(42)).isEqualTo(Usd.parse("0.042"));
    assertThat(CreditPricing.usdValue(Credits.parse("0.1"))).isEqualTo(Usd.parse("0.01"));
  }
}
