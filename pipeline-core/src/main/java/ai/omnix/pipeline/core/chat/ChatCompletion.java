package ai.omnix.pipeline.core.chat;

import java.util.Objects;

/** How a reply ended: the provider's token usage and why it stopped. */
public record ChatCompletion(ChatUsage usage, FinishReason finishReason) {
  public ChatCompletion {
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(finishReason, "finishReason");
  }

  /** Why a reply stopped, as OpenAI's {@code finish_reason} names it. */
  public enum FinishReason {
    /** The model ended its reply. */
    STOP("stop"),
    /** The reply reached {@code max_tokens}. */
    LENGTH("length"),
    /** The provider's content filter cut the reply. */
    CONTENT_FILTER("content_filter");

    private final String wireName;

    FinishReason(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }
}
