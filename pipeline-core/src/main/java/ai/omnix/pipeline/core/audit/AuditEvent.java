package ai.omnix.pipeline.core.audit;

import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened, before the log gives it its place and time. Fields follow the product's
 * audit event: type, tenant, actor, resource, action, IP address, user agent, success and metadata
 * (time is the log's clock at append). Build with {@link #of}:
 *
 * <pre>{@code
 * AuditEvent.of(AuditEventType.ASSET_DELETED, actor).tenant(t).resource("asset", id)
 *     .action("delete").client(ip, userAgent).with("derivatives", 3).build()
 * }</pre>
 *
 * @param tenant the tenant the event is about, or null (a failed authentication)
 * @param resourceType what kind of thing was acted on ({@code tenant}, {@code api_key}, {@code
 *     asset}, {@code legal_hold}), or null
 * @param ip the client's address as the API saw it, or null for events without a request
 * @param userAgent the client's {@code User-Agent}, cut to {@link #MAX_USER_AGENT} characters
 * @param metadata small facts (scalars, lists, maps); stored as canonical JSON of at most {@link
 *     AuditChain#MAX_METADATA_CHARS} characters
 */
public record AuditEvent(
    AuditEventType type,
    TenantId tenant,
    Actor actor,
    String resourceType,
    String resourceId,
    String action,
    String ip,
    String userAgent,
    boolean success,
    Map<String, Object> metadata) {
  public static final int MAX_USER_AGENT = 512;
  public static final int MAX_FIELD = 200;

  public AuditEvent {
    Objects.requireNonNull(type);
    Objects.requireNonNull(actor);
    Objects.requireNonNull(action);
    checkLength("action", action);
    checkLength("resource type", resourceType);
    checkLength("resource id", resourceId);
    checkLength("ip", ip);
    if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
      userAgent = userAgent.substring(0, MAX_USER_AGENT);
    }
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(metadata);
  }

  private static void checkLength(String what, String value) {
    if (value != null && (value.isEmpty() || value.length() > MAX_FIELD)) {
      throw new IllegalArgumentException(
          "audit " + what + " must be 1 to " + MAX_FIELD + " characters");
    }
  }

  public static Builder of(AuditEventType type, Actor actor) {
    return new Builder(type, actor);
  }

  /** Assembles an event; {@code action} defaults to the type's name in lower case. */
  public static final class Builder {
    private final AuditEventType type;
    private final Actor actor;
    private TenantId tenant;
    private String resourceType;
    private String resourceId;
    private String action;
    private String ip;
    private String userAgent;
    private boolean success = true;
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    private Builder(AuditEventType type, Actor actor) {
      this.type = type;
      this.actor = actor;
    }

    public Builder tenant(TenantId tenant) {
      this.tenant = tenant;
      return this;
    }

    public Builder resource(String type, String id) {
      this.resourceType = type;
      this.resourceId = id;
      return this;
    }

    public Builder action(String action) {
      this.action = action;
      return this;
    }

    public Builder client(String ip, String userAgent) {
      this.ip = ip;
      this.userAgent = userAgent;
      return this;
    }

    public Builder success(boolean success) {
      this.success = success;
      return this;
    }

    /** Adds a metadata entry; a null value is left out. */
    public Builder with(String key, Object value) {
      if (value != null) {
        metadata.put(key, value);
      }
      return this;
    }

    public AuditEvent build() {
      return new AuditEvent(
          type,
          tenant,
          actor,
          resourceType,
          resourceId,
          action != null ? action : type.name().toLowerCase(java.util.Locale.ROOT),
          ip,
          userAgent,
          success,
          new LinkedHashMap<>(metadata));
    }
  }
}
