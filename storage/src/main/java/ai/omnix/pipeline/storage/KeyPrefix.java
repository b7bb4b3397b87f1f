package ai.omnix.pipeline.storage;

import ai.omnix.pipeline.core.storage.BlobKey;
import java.util.Optional;

/**
 * The folder of a bucket that a store owns ({@code omnix} → object {@code omnix/t1/a} for key
 * {@code t1/a}), or the whole bucket when empty. Object names that do not map back to a valid key
 * are never reported as blobs.
 */
public record KeyPrefix(String value) {

  public KeyPrefix {
    value = value == null ? "" : value;
    if (!value.isEmpty() && !BlobKey.isValid(value)) {
      throw new IllegalArgumentException(
          "key prefix must be empty or a valid blob key (segments of "
              + "letters, digits, '.', '-', '_' separated by '/', no leading or trailing '/'): "
              + value);
    }
  }

  /** Accepts surrounding slashes ({@code /omnix/} is {@code omnix}) and null or blank for none. */
  public static KeyPrefix of(String raw) {
    if (raw == null || raw.isBlank()) {
      return new KeyPrefix("");
    }
    String v = raw.strip();
    int start = 0;
    int end = v.length();
    while (start < end && v.charAt(start) == '/') {
      start++;
    }
    while (end > start && v.charAt(end - 1) == '/') {
      end--;
    }
    return new KeyPrefix(v.substring(start, end));
  }

  /** The object name of {@code key}. */
  public String objectName(BlobKey key) {
    return value.isEmpty() ? key.value() : value + "/" + key.value();
  }

  /** The object-name prefix of every blob under {@code prefix} (ends with '/'). */
  public String listPrefix(BlobKey prefix) {
    return objectName(prefix) + "/";
  }

  /**
   * The key of an object name, or empty when the name is outside this prefix or not a valid key.
   */
  public Optional<BlobKey> keyOf(String objectName) {
    String rest;
    if (value.isEmpty()) {
      rest = objectName;
    } else if (objectName.startsWith(value + "/")) {
      rest = objectName.substring(value.length() + 1);
    } else {
      return Optional.empty();
    }
    return BlobKey.isValid(rest) ? Optional.of(new BlobKey(rest)) : Optional.empty();
  }
}
