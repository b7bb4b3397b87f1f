package ai.omnix.pipeline.generation.route;

/**
 * No route can serve a request; {@link #code()} is stable and the message is safe to show the
 * tenant.
 */
public class RoutingException extends Exception {
  private final String code;
  private final String field;

  public RoutingException(String code, String field, String message) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
  }

  public String code() {
    return code;
  }

  /** The parameter the problem is with, such as {@code params.model}. */
  public String field() {
    return field;
  }
}
