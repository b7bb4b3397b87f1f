package ai.omnix.pipeline.billing.stripe;

import ai.omnix.pipeline.store.json.Json;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Verifies a webhook delivery with Stripe's own library ({@link Webhook#constructEvent}: {@code
 * Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, t + "." + payload)>}, timestamps
 * older than the tolerance refused) and reads the verified payload.
 */
public final class StripeSignatures {
  private final String secret;
  private final Duration tolerance;
  private final Clock clock;

  /**
   * @param secret the endpoint's signing secret; null or blank: nothing verifies
   */
  public StripeSignatures(String secret, Duration tolerance, Clock clock) {
    this.secret = secret == null || secret.isBlank() ? null : secret;
    this.tolerance = tolerance;
    this.clock = clock;
  }

  /**
   * The delivery is refused: {@code invalid_signature} when it does not come from Stripe (or not
   * within the tolerance), {@code invalid_event} when it is signed but not an event.
   */
  public static final class RejectedEventException extends Exception {
    private final String code;

    RejectedEventException(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public boolean configured() {
    return secret != null;
  }

  @SuppressWarnings("unchecked")
  public StripeEvent verify(String payload, String signatureHeader) throws RejectedEventException {
    if (secret == null) {
      throw new RejectedEventException("invalid_signature", "No signing secret is configured.");
    }
    if (signatureHeader == null || signatureHeader.isBlank() || signatureHeader.length() > 2048) {
      throw new RejectedEventException(
          "invalid_signature", "The Stripe-Signature header is missing.");
    }
    Event event;
    try {
      event =
          Webhook.constructEvent(payload, signatureHeader, secret, tolerance.toSeconds(), clock);
    } catch (SignatureVerificationException e) {
      throw new RejectedEventException(
          "invalid_signature", "The Stripe signature does not verify.");
    } catch (RuntimeException e) {
      // a signed payload that is not JSON (stripe-java's Gson refuses it)
      throw new RejectedEventException("invalid_event", "The payload is not a Stripe event.");
    }
    Map<String, Object> root;
    try {
      root = Json.readMap(payload);
    } catch (RuntimeException e) {
      throw new RejectedEventException("invalid_event", "The payload is not a Stripe event.");
    }
    Object data = root.get("data");
    Object object = data instanceof Map<?, ?> d ? d.get("object") : null;
    if (event.getId() == null
        || event.getType() == null
        || event.getCreated() == null
        || !(object instanceof Map<?, ?>)) {
      throw new RejectedEventException("invalid_event", "The payload is not a Stripe event.");
    }
    return new StripeEvent(
        event.getId(),
        event.getType(),
        Instant.ofEpochSecond(event.getCreated()),
        (Map<String, Object>) object);
  }
}
