package ai.omnix.pipeline.core.chat;

import java.util.List;
import java.util.Objects;

/**
 * What a provider is asked to continue.
 *
 * @param providerModel the provider's own model id (the catalog endpoint's {@code provider_model})
 * @param messages the conversation, oldest first, already fitted to the model's context window
 * @param temperature sampling temperature 0–2, or null for the provider's default
 * @param maxTokens the most output tokens the reply may have (at least 1)
 * @param promptTokens the prompt's size as the caller counted it, for providers that report no
 *     usage of their own
 */
public record ChatRequest(
    String providerModel,
    List<ChatMessage> messages,
    Double temperature,
    int maxTokens,
    int promptTokens) {
  public ChatRequest {
    Objects.requireNonNull(providerModel, "providerModel");
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1");
    }
  }
}
