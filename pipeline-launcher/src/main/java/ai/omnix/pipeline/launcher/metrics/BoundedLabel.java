package ai.omnix.pipeline.launcher.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps one label's values bounded whatever the input: a value is lower-cased and kept when it
 * looks like a code ({@code [a-z0-9_.:-]}, at most 64 characters) and fewer than {@code maxValues}
 * distinct values were seen; everything else becomes {@code other}. So a code built from provider
 * output, a model name taken from a request or a plan added later can never make the series count
 * grow without end. Thread-safe.
 */
final class BoundedLabel {
  static final String OTHER = "other";
  static final String NONE = "none";
  private static final Pattern CODE = Pattern.compile("[a-z0-9_.:-]{1,64}");

  private final int maxValues;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  BoundedLabel(int maxValues) {
    this.maxValues = maxValues;
  }

  String of(String value) {
    if (value == null || value.isBlank()) {
      return NONE;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (!CODE.matcher(v).matches()) {
      return OTHER;
    }
    if (seen.contains(v)) {
      return v;
    }
    synchronized (seen) {
      if (seen.size() >= maxValues) {
        return OTHER;
      }
      seen.add(v);
      return v;
    }
  }
}
