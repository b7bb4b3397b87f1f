package ai.omnix.pipeline.providers.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.List;

/** OpenAI's {@code chat.completion.chunk} stream, as its API reference shows it. */
class OpenAiChatApiTest extends HttpChatProviderContract {

  @Override
  protected ChatApi chatApi() {
    return new OpenAiChatApi();
  }

  @Override
  protected String basePath() {
    return "/v1";
  }

  @Override
  protected String keyHeader() {
    return "Authorization";
  }

  @Override
  protected String keyHeaderValue() {
    return "Bearer " + KEY;
  }

  @Override
  protected String maxTokensPath() {
    return "$.max_completion_tokens";
  }

  private static String chunk(String delta, String finish) {
    return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\"contract-model\",\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"")
        + "}]}\n\n";
  }

  private static String content(String word) {
    return chunk("{\"content\":\"" + word + "\"}", null);
  }

  @Override
  protected String stream(List<String> words, int prompt, int completion, String finish) {
    StringBuilder b = new StringBuilder(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
    words.forEach(w -> b.append(content(w)));
    b.append(chunk("{}", finish));
    b.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],")
        .append("\"usage\":{\"prompt_tokens\":")
        .append(prompt)
        .append(",\"completion_tokens\":")
        .append(completion)
        .append(",\"total_tokens\":")
        .append(prompt + completion)
        .append("}}\n\n");
    return b.append("data: [DONE]\n\n").toString();
  }

  @Override
  protected String cutShort(List<String> words) {
    StringBuilder b = new StringBuilder(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
    words.forEach(w -> b.append(content(w)));
    return b.toString();
  }

  @Override
  protected String malformed() {
    return content("Hi") + "data: {\"choices\":[{\"delta\":\n\n";
  }

  @Override
  protected ResponseDefinitionBuilder refusal() {
    return aResponse()
        .withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"error\":{\"message\":\"Your request was rejected as a result of our safety"
                + " system.\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"content_policy_violation\"}}");
  }
}
