package ai.omnix.pipeline.api.webhooks;

import ai.omnix.pipeline.store.webhook.WebhookRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON of a webhook endpoint, written here rather than by the store's record. */
final class WebhookEndpointJson {
  private WebhookEndpointJson() {}

  static Map<String, Object> of(WebhookRepository.Endpoint endpoint) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("id", endpoint.id().toString());
    wire.put("object", "webhook_endpoint");
    wire.put("url", endpoint.url());
    wire.put("event_types", List.copyOf(endpoint.eventTypes()));
    wire.put("created_at", endpoint.createdAt().toString());
    return wire;
  }
}
