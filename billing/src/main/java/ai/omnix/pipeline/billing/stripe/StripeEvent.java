package ai.omnix.pipeline.billing.stripe;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Stripe event whose signature was verified: its id, type, Stripe's creation time and its {@code
 * data.object}, read as plain JSON so any API version's payload is understood.
 */
public record StripeEvent(String id, String type, Instant created, Map<String, Object> object) {

  /** A string at a path of nested objects ({@code "metadata", "omnix_package"}), or null. */
  public String text(String... path) {
    Object value = at(path);
    return value instanceof String s && !s.isBlank() ? s : null;
  }

  /** A whole number at a path, or null. */
  public Long number(String... path) {
    return at(path) instanceof Number n ? n.longValue() : null;
  }

  public Object at(String... path) {
    Object current = object;
    for (String key : path) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(key);
      } else if (current instanceof List<?> list && key.matches("\\d{1,3}")) {
        int index = Integer.parseInt(key);
        current = index < list.size() ? list.get(index) : null;
      } else {
        return null;
      }
    }
    return current;
  }
}
