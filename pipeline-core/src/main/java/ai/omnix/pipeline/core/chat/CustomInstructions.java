package ai.omnix.pipeline.core.chat;

import ai.omnix.pipeline.core.tenant.TenantId;
import java.util.Optional;

/**
 * A tenant's custom instructions: the system prompt every conversation of the tenant starts with.
 * Thread-safe. Implemented by the chat companion; {@code /v1/me} shows them.
 */
public interface CustomInstructions {

  /** The tenant's instructions, or empty when none are set. */
  Optional<String> find(TenantId tenant);

  /** Sets (replaces) the tenant's instructions. */
  void set(TenantId tenant, String instructions);

  /** Removes the tenant's instructions; nothing happens when none are set. */
  void clear(TenantId tenant);
}
