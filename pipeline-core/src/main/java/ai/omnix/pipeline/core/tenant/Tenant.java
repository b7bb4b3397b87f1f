package ai.omnix.pipeline.core.tenant;

import java.time.Instant;
import java.util.Objects;

/**
 * A customer of the platform. {@code webhookSecret} signs every webhook sent to it (Standard
 * Webhooks).
 */
public record Tenant(TenantId id, String name, Plan plan, String webhookSecret, Instant createdAt) {
  public Tenant {
    Objects.requireNonNull(id);
    Objects.requireNonNull(name);
    Objects.requireNonNull(plan);
    Objects.requireNonNull(webhookSecret);
    Objects.requireNonNull(createdAt);
  }
}
