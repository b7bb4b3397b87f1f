package ai.omnix.pipeline.core.tenant;

import java.util.Objects;
import java.util.regex.Pattern;

/** A tenant's stable identifier: lower-case letters, digits and dashes, 2 to 63 characters. */
public record TenantId(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

  public TenantId {
    Objects.requireNonNull(value, "tenant id");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("tenant id must match " + VALID.pattern());
    }
  }

  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
