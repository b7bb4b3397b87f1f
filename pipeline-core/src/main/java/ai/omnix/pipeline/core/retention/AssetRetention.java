package ai.omnix.pipeline.core.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * How long an asset is kept, and why.
 *
 * <ul>
 *   <li>{@link Mode#POLICY}: until its tenant's asset retention period after its creation (plan
 *       default or the tenant's override). The store computes the deadline, and computes it again
 *       when the policy changes; {@code expiresAt} may be null on the way in.
 *   <li>{@link Mode#TEMPORARY}: {@link #TEMPORARY_PERIOD} after creation, or with the source it was
 *       derived from.
 *   <li>{@link Mode#UNTIL}: an explicit deadline the client chose (never past the policy's).
 * </ul>
 */
public record AssetRetention(Mode mode, Instant expiresAt) {
  /** The product's promise: temporary files are deleted after 24 hours. */
  public static final Duration TEMPORARY_PERIOD = Duration.ofHours(24);

  public enum Mode {
    POLICY,
    TEMPORARY,
    UNTIL;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Mode fromWireName(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  public AssetRetention {
    Objects.requireNonNull(mode);
    if (mode != Mode.POLICY && expiresAt == null) {
      throw new IllegalArgumentException(mode + " retention needs a deadline");
    }
  }

  /** By the tenant's policy; the store fills in the deadline. */
  public static AssetRetention policy() {
    return new AssetRetention(Mode.POLICY, null);
  }

  public static AssetRetention temporary(Instant createdAt) {
    return new AssetRetention(Mode.TEMPORARY, createdAt.plus(TEMPORARY_PERIOD));
  }

  public static AssetRetention until(Instant deadline) {
    return new AssetRetention(Mode.UNTIL, deadline);
  }
}
