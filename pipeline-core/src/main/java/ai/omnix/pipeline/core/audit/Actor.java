package ai.omnix.pipeline.core.audit;

import java.util.Objects;

/**
 * Who did it.
 *
 * <ul>
 *   <li>{@link Kind#API_KEY}: a caller of the REST API; {@code id} is the API key's id (never the
 *       key), whose tenant is the event's tenant unless an admin key acted on another tenant.
 *   <li>{@link Kind#OPERATOR}: a person using the web console; {@code id} is the console's stable
 *       user id (its sign-in subject), never an e-mail address that may change.
 *   <li>{@link Kind#SYSTEM}: the platform itself; {@code id} names the component ({@code
 *       bootstrap}, {@code retention-enforcement}, {@code stripe-webhook}).
 *   <li>{@link Kind#ANONYMOUS}: nobody authenticated (failed authentications); no id.
 * </ul>
 */
public record Actor(Kind kind, String id) {
  public enum Kind {
    API_KEY,
    OPERATOR,
    SYSTEM,
    ANONYMOUS;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Kind fromWireName(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public Actor {
    Objects.requireNonNull(kind);
    if (kind == Kind.ANONYMOUS ? id != null : id == null || id.isBlank() || id.length() > 200) {
      throw new IllegalArgumentException("actor " + kind + " with id " + id);
    }
  }

  /**
   * As the lifecycle tables store who acted: {@code kind:id} ({@code api_key:…}), or the kind
   * alone.
   */
  public String label() {
    return id == null ? kind.wireName() : kind.wireName() + ":" + id;
  }

  public static Actor apiKey(java.util.UUID keyId) {
    return new Actor(Kind.API_KEY, keyId.toString());
  }

  public static Actor operator(String userId) {
    return new Actor(Kind.OPERATOR, userId);
  }

  public static Actor system(String component) {
    return new Actor(Kind.SYSTEM, component);
  }

  public static Actor anonymous() {
    return new Actor(Kind.ANONYMOUS, null);
  }
}
