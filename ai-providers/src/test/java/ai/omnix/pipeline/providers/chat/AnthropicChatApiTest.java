package ai.omnix.pipeline.providers.chat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.List;

/** Anthropic's Messages stream (named events), as its streaming guide shows it. */
class AnthropicChatApiTest extends HttpChatProviderContract {

  @Override
  protected ChatApi chatApi() {
    return new AnthropicChatApi();
  }

  @Override
  protected String basePath() {
    return "";
  }

  @Override
  protected String keyHeader() {
    return "x-api-key";
  }

  @Override
  protected String keyHeaderValue() {
    return KEY;
  }

  @Override
  protected String maxTokensPath() {
    return "$.max_tokens";
  }

  private static String event(String type, String data) {
    return "event: " + type + "\ndata: " + data + "\n\n";
  }

  private static String start(int prompt) {
    return event(
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"model\":\"contract-model\","
                + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":"
                + prompt
                + ",\"output_tokens\":1}}}")
        + event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
        + event("ping", "{\"type\": \"ping\"}");
  }

  private static String delta(String word) {
    return event(
        "content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\""
            + word
            + "\"}}");
  }

  private static String end(String stopReason, int completion) {
    return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
        + event(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
                + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
                + completion
                + "}}")
        + event("message_stop", "{\"type\":\"message_stop\"}");
  }

  @Override
  protected String stream(List<String> words, int prompt, int completion, String finish) {
    StringBuilder b = new StringBuilder(start(prompt));
    words.forEach(w -> b.append(delta(w)));
    return b.append(end(finish.equals("length") ? "max_tokens" : "end_turn", completion))
        .toString();
  }

  @Override
  protected String cutShort(List<String> words) {
    StringBuilder b = new StringBuilder(start(11));
    words.forEach(w -> b.append(delta(w)));
    return b.toString();
  }

  @Override
  protected String malformed() {
    return start(11) + delta("Hi") + "event: content_block_delta\ndata: {\"type\":\n\n";
  }

  @Override
  protected ResponseDefinitionBuilder refusal() {
    return sse(start(11) + end("refusal", 0));
  }
}
