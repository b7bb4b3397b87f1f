package ai.omnix.pipeline.launcher.metrics;

import ai.omnix.pipeline.providers.guard.ProviderGuards;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code omnix_provider_circuit_open{endpoint}}: 1 while this process's circuit of a provider
 * endpoint is open (refusing calls), 0 when closed or half-open; one series per endpoint this
 * process has called (endpoints come from configuration, and are capped by {@link BoundedLabel}).
 * Circuits are per process, so an alert takes the {@code max} over processes. Read at scrape time.
 */
final class CircuitGauges {
  private final ProviderGuards guards;
  private final MultiGauge open;
  private final BoundedLabel endpoints = new BoundedLabel(200);

  CircuitGauges(ProviderGuards guards, MeterRegistry registry) {
    this.guards = guards;
    this.open =
        MultiGauge.builder("omnix.provider.circuit.open")
            .description("1 while the provider endpoint's circuit is open in this process")
            .register(registry);
  }

  void refresh() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (Map.Entry<String, String> circuit : guards.circuitStates().entrySet()) {
      boolean isOpen =
          circuit.getValue().contains("open") && !circuit.getValue().equals("half_open");
      rows.add(
          MultiGauge.Row.of(Tags.of("endpoint", endpoints.of(circuit.getKey())), isOpen ? 1 : 0));
    }
    open.register(rows, true);
  }
}
