package ai.omnix.pipeline.providers.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderGuardsTest {
  private final ProviderGuards guards =
      new ProviderGuards(Map.of(), ProviderGuards.CircuitSettings.DEFAULT, Clock.systemUTC());

  @Test
  void aProviderWithoutAConcurrencyLimitHasNone() {
    ProviderGuards capped =
        new ProviderGuards(
            Map.of("fal", new ProviderLimits(5, 10, 16, 100)),
            ProviderGuards.CircuitSettings.DEFAULT,
            Clock.systemUTC());

    assertThat(capped.maxInFlight("fal")).isEqualTo(100);
    assertThat(capped.maxInFlight("google")).isZero();
  }
}
