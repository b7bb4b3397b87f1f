package ai.omnix.pipeline.core.chat;

/** Tokens a reply used: the prompt sent and the reply generated. */
public record ChatUsage(int promptTokens, int completionTokens) {
  public ChatUsage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
