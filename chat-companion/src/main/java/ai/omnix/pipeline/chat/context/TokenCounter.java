package ai.omnix.pipeline.chat.context;

import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatPart;

/**
 * Counts tokens the way a model family does, to fit a conversation into its context window.
 * Thread-safe.
 */
public interface TokenCounter {
  /**
   * OpenAI's chat format adds about this many tokens per message (role and separators); we use it
   * for every family.
   */
  int PER_MESSAGE = 4;

  /** Tokens that prime the reply. */
  int REPLY_PRIMING = 3;

  /** An image at {@code detail=low}: OpenAI's fixed cost. */
  int IMAGE_LOW = 85;

  /**
   * An image at any other detail: its size is not known before the provider fetches it, so we count
   * a 1024×1024 image at high detail (85 + 4 tiles × 170).
   */
  int IMAGE_DEFAULT = 765;

  /** The tokenizer's name: {@code o200k_base}, {@code cl100k_base} or {@code estimate}. */
  String name();

  /** Tokens of a text; any text, special tokens such as {@code <|endoftext|>} count as text. */
  int count(String text);

  /** Tokens of a whole message: its text, its images and the per-message overhead. */
  default int count(ChatMessage message) {
    int tokens = PER_MESSAGE;
    for (ChatPart part : message.parts()) {
      if (part instanceof ChatPart.Text text) {
        tokens += count(text.text());
      } else if (part instanceof ChatPart.ImageUrl image) {
        tokens += "low".equals(image.detail()) ? IMAGE_LOW : IMAGE_DEFAULT;
      }
    }
    return tokens;
  }
}
