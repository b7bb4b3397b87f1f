package ai.omnix.pipeline.core.chat;

import java.util.Objects;

/**
 * A piece of a reply.
 *
 * @param text the text, possibly empty
 * @param tokens how many output tokens it holds: what billing charges for a reply that stops early,
 *     so a provider that does not say counts them with the model's tokenizer
 */
public record ChatDelta(String text, int tokens) {
  public ChatDelta {
    Objects.requireNonNull(text, "text");
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must not be negative");
    }
  }
}
