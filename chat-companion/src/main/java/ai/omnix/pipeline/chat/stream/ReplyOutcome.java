package ai.omnix.pipeline.chat.stream;

import ai.omnix.pipeline.core.chat.ChatProviderException;

/**
 * How one reply ended.
 *
 * @param kind complete, cut short by the client, or failed at the provider
 * @param text what was generated (and delivered, when cut short)
 * @param promptTokens the prompt's tokens
 * @param completionTokens tokens generated: the provider's count when it finished, the delivered
 *     deltas' tokens otherwise
 * @param finishReason OpenAI's finish reason when complete
 * @param error the provider's error when failed
 */
public record ReplyOutcome(
    Kind kind,
    String text,
    int promptTokens,
    int completionTokens,
    String finishReason,
    ChatProviderException error) {

  public enum Kind {
    COMPLETE,
    CLIENT_GONE,
    FAILED
  }
}
