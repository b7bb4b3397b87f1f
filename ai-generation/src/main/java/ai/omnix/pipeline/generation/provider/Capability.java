package ai.omnix.pipeline.generation.provider;

import java.util.Locale;
import java.util.Optional;

/** What a model can make. */
public enum Capability {
  /** An image from a prompt. */
  IMAGE,
  /** An image from a prompt and an input image. */
  IMAGE_EDIT,
  /** A video from a prompt, optionally starting from an input image. */
  VIDEO;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Capability> fromWireName(String name) {
    for (Capability c : values()) {
      if (c.wireName().equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
