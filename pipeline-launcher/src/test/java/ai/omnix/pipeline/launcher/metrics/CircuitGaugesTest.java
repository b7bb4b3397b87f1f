package ai.omnix.pipeline.launcher.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.providers.guard.ProviderGuards;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CircuitGaugesTest {

  @Test
  void anOpenCircuitIsOneAndAClosedOrHalfOpenOneIsZero() {
    ProviderGuards guards =
        new ProviderGuards(Map.of(), ProviderGuards.CircuitSettings.DEFAULT, Clock.systemUTC());
    guards.circuit("openai:gpt-image-1").transitionToOpenState();
    guards.circuit("fal:flux");
    guards.circuit("google:imagen").transitionToOpenState();
    guards.circuit("google:imagen").transitionToHalfOpenState();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CircuitGauges gauges = new CircuitGauges(guards, registry);

    gauges.refresh();

    assertThat(value(registry, "openai:gpt-image-1")).isEqualTo(1);
    assertThat(value(registry, "fal:flux")).isEqualTo(0);
    assertThat(value(registry, "google:imagen")).isEqualTo(0);

    guards.circuit("openai:gpt-image-1").transitionToHalfOpenState();
    guards.circuit("openai:gpt-image-1").transitionToClosedState();
    gauges.refresh();
    assertThat(value(registry, "openai:gpt-image-1")).isEqualTo(0);
  }

  private static double value(SimpleMeterRegistry registry, String endpoint) {
    return registry.get("omnix.provider.circuit.open").tag("endpoint", endpoint).gauge().value();
  }
}
