package ai.omnix.pipeline.billing.stripe;

import ai.omnix.pipeline.api.problem.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/billing/stripe/events}: Stripe's webhook deliveries. Public (no API key): the
 * Stripe signature over the exact bytes received authenticates it. A bad signature is a 400 problem
 * and applies nothing; any verified event, known or not, is acknowledged with 200 once it is
 * applied (or found applied before), so Stripe stops retrying it.
 */
@RestController
public class StripeEventsController {
  public static final String PATH = "/v1/billing/stripe/events";
  private static final Logger log = LoggerFactory.getLogger(StripeEventsController.class);

  private final StripeSignatures signatures;
  private final StripeEventApplier applier;

  public StripeEventsController(StripeSignatures signatures, StripeEventApplier applier) {
    this.signatures = signatures;
    this.applier = applier;
  }

  @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> receive(
      @RequestBody(required = false) byte[] body,
      @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
    if (!signatures.configured()) {
      throw new ApiProblem(
          503,
          "stripe_not_configured",
          "Stripe is not configured",
          "Set omnix.billing.stripe.webhook-secret to accept Stripe events.");
    }
    StripeEvent event;
    try {
      event =
          signatures.verify(
              new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8), signature);
    } catch (StripeSignatures.RejectedEventException e) {
      log.warn("refused a Stripe delivery: {}", e.getMessage());
      throw new ApiProblem(400, e.code(), "Stripe event refused", e.getMessage());
    }
    StripeEventApplier.Outcome outcome = applier.apply(event);
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("received", true);
    wire.put("event_id", outcome.eventId());
    wire.put("outcome", outcome.outcome());
    wire.put("duplicate", outcome.duplicate());
    return wire;
  }
}
