package ai.omnix.pipeline.providers.chat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.List;

/** Gemini's {@code streamGenerateContent?alt=sse} stream, as its API reference shows it. */
class GeminiChatApiTest extends HttpChatProviderContract {

  @Override
  protected ChatApi chatApi() {
    return new GeminiChatApi();
  }

  @Override
  protected String basePath() {
    return "";
  }

  @Override
  protected String keyHeader() {
    return "x-goog-api-key";
  }

  @Override
  protected String keyHeaderValue() {
    return KEY;
  }

  @Override
  protected String maxTokensPath() {
    return "$.generationConfig.maxOutputTokens";
  }

  private static String chunk(String text, String finish, String usage) {
    return "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \""
        + text
        + "\"}],\"role\": \"model\"}"
        + (finish == null ? "" : ",\"finishReason\": \"" + finish + "\"")
        + ",\"index\": 0}]"
        + (usage == null ? "" : ",\"usageMetadata\": " + usage)
        + ",\"modelVersion\": \"contract-model\"}\r\n\r\n";
  }

  @Override
  protected String stream(List<String> words, int prompt, int completion, String finish) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words.size() - 1; i++) {
      b.append(chunk(words.get(i), null, "{\"promptTokenCount\": " + prompt + "}"));
    }
    return b.append(
            chunk(
                words.get(words.size() - 1),
                finish.equals("length") ? "MAX_TOKENS" : "STOP",
                "{\"promptTokenCount\": "
                    + prompt
                    + ",\"candidatesTokenCount\": "
                    + completion
                    + ",\"totalTokenCount\": "
                    + (prompt + completion)
                    + "}"))
        .toString();
  }

  @Override
  protected String cutShort(List<String> words) {
    StringBuilder b = new StringBuilder();
    words.forEach(w -> b.append(chunk(w, null, null)));
    return b.toString();
  }

  @Override
  protected String malformed() {
    return chunk("Hi", null, null) + "data: {\"candidates\": [\r\n\r\n";
  }

  @Override
  protected ResponseDefinitionBuilder refusal() {
    return sse(
        "data: {\"promptFeedback\": {\"blockReason\": \"SAFETY\"},"
            + "\"usageMetadata\": {\"promptTokenCount\": 8,\"totalTokenCount\": 8}}\r\n\r\n");
  }
}
