package ai.omnix.pipeline.chat.context;

import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatRole;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a conversation into a model's context window by dropping its oldest turns. A pure function
 * of its inputs (tested as a table).
 *
 * <p>Why drop rather than summarise: a summary is another model call before the first token (time
 * and credits the tenant did not ask for) and its output is not deterministic; dropping is free,
 * instant and says exactly what the model did not see. The system prompt (custom instructions) and
 * the newest message are never dropped; after dropping, the history starts with a user message
 * (some providers refuse a conversation that starts with the assistant).
 */
public final class ContextWindow {
  private ContextWindow() {}

  /** A message with its size under the target model's tokenizer (overhead included). */
  public record Sized(ChatMessage message, int tokens) {}

  /**
   * What is sent to the model.
   *
   * @param messages the system prompt (if any), the kept history, the newest message
   * @param promptTokens their tokens, reply priming included
   * @param droppedMessages how many of the oldest history messages were left out
   */
  public record Fitted(List<ChatMessage> messages, int promptTokens, int droppedMessages) {}

  /** The newest message (with the system prompt) alone does not fit the window. */
  public static final class Overflow extends RuntimeException {
    private final int promptTokens;
    private final int budget;

    Overflow(int promptTokens, int budget) {
      super(
          "the message needs "
              + promptTokens
              + " prompt tokens, but the model's context window leaves "
              + budget
              + " for the prompt");
      this.promptTokens = promptTokens;
      this.budget = budget;
    }

    public int promptTokens() {
      return promptTokens;
    }

    public int budget() {
      return budget;
    }
  }

  /**
   * @param system the system prompt, or null
   * @param history earlier messages, oldest first
   * @param newest the message being answered
   * @param contextWindow the model's window (prompt plus reply)
   * @param reservedForReply tokens kept free for the reply
   * @throws Overflow when even the system prompt and the newest message do not fit
   */
  public static Fitted fit(
      Sized system, List<Sized> history, Sized newest, int contextWindow, int reservedForReply) {
    int budget = contextWindow - reservedForReply;
    int fixed = TokenCounter.REPLY_PRIMING + newest.tokens() + (system == null ? 0 : system.tokens);
    if (fixed > budget) {
      throw new Overflow(fixed, budget);
    }
    int total = fixed;
    for (Sized s : history) {
      total += s.tokens();
    }
    int first = 0;
    while (total > budget && first < history.size()) {
      total -= history.get(first++).tokens();
      while (first < history.size() && history.get(first).message().role() != ChatRole.USER) {
        total -= history.get(first++).tokens();
      }
    }
    List<ChatMessage> messages = new ArrayList<>(history.size() - first + 2);
    if (system != null) {
      messages.add(system.message());
    }
    for (int i = first; i < history.size(); i++) {
      messages.add(history.get(i).message());
    }
    messages.add(newest.message());
    return new Fitted(messages, total, first);
  }
}
