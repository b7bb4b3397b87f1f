package ai.omnix.pipeline.api.webhooks;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.net.OutboundAddressPolicy;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.webhook.WebhookRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's standing webhook endpoints, which receive the events of all its jobs. */
@RestController
@RequestMapping(path = "/v1/webhook-endpoints", produces = MediaType.APPLICATION_JSON_VALUE)
public class WebhookEndpointsController {
  private static final Set<String> EVENT_TYPES =
      Set.of("job.succeeded", "job.failed", "job.canceled");
  private static final int MAX_ENDPOINTS = 20;

  private final WebhookRepository webhooks;
  private final OutboundAddressPolicy outbound;

  public WebhookEndpointsController(WebhookRepository webhooks, OutboundAddressPolicy outbound) {
    this.webhooks = webhooks;
    this.outbound = outbound;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> create(
      HttpServletRequest request, @RequestBody(required = false) Map<String, Object> body) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    if (body == null || !(body.get("url") instanceof String url)) {
      throw ApiProblem.badRequest("invalid_webhook_url", "url is required.");
    }
    outbound
        .checkUrl(url)
        .ifPresent(
            reason -> {
              throw ApiProblem.badRequest("invalid_webhook_url", "url " + reason + ".");
            });
    Set<String> types = new LinkedHashSet<>();
    if (body.get("event_types") != null) {
      if (!(body.get("event_types") instanceof List<?> list)) {
        throw ApiProblem.badRequest("invalid_event_types", "event_types must be a list.");
      }
      for (Object o : list) {
        if (!(o instanceof String s) || !EVENT_TYPES.contains(s)) {
          throw ApiProblem.badRequest(
              "invalid_event_types", "event_types may contain only " + EVENT_TYPES + ".");
        }
        types.add(s);
      }
    }
    if (webhooks.endpoints(tenant.id()).size() >= MAX_ENDPOINTS) {
      throw new ApiProblem(
          409,
          "too_many_endpoints",
          "Too many endpoints",
          "A tenant may have at most " + MAX_ENDPOINTS + " webhook endpoints.");
    }
    return ResponseEntity.status(201)
        .body(WebhookEndpointJson.of(webhooks.createEndpoint(tenant.id(), url, types)));
  }

  @GetMapping
  public Map<String, Object> list(HttpServletRequest request) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    return Map.of(
        "object",
        "list",
        "data",
        webhooks.endpoints(tenant.id()).stream().map(WebhookEndpointJson::of).toList());
  }

  @DeleteMapping("/{id}")
  public ResponseEntity<Void> delete(HttpServletRequest request, @PathVariable String id) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("Webhook endpoint " + id);
    }
    if (!webhooks.disableEndpoint(tenant.id(), uuid)) {
      throw ApiProblem.notFound("Webhook endpoint " + id);
    }
    return ResponseEntity.noContent().build();
  }
}
