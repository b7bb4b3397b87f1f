package ai.omnix.pipeline.chat.billing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.plan.AllowancePeriod;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatBillingTest {

  @ParameterizedTest(name = "{0} at {1} (paid {2}..{3}) resets at {4}")
  @CsvSource({
    "DAY,   2026-12-05T07:20:00Z, ,                     ,                     2026-12-06T00:00:00Z",
    "MONTH, 2026-12-05T07:20:00Z, ,                     ,                     2027-01-01T00:00:00Z",
    "MONTH, 2026-12-05T07:20:00Z, 2026-11-20T10:00:00Z, 2026-12-20T10:00:00Z, 2026-12-20T10:00:00Z",
    // a lapsed subscription: the calendar month again
    "MONTH, 2026-12-25T07:20:00Z, 2026-11-20T10:00:00Z, 2026-12-20T10:00:00Z, 2027-01-01T00:00:00Z",
  })
  void theQuotaResetsWhenTheAllowanceWindowEnds(
      AllowancePeriod period, Instant now, Instant start, Instant end, Instant expected) {
    assertThat(ChatBilling.windowEnd(period, now, start, end)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} credits are charged as {1}")
  @CsvSource({"0.140000, 0.14", "0.140001, 0.141", "0.1, 0.1", "0, 0"})
  void pricesAreRoundedUpToAMilliCredit(BigDecimal price, String charged) {
    assertThat(ChatBilling.up(price)).isEqualTo(Credits.parse(charged));
  }
}
