package ai.omnix.pipeline.providers.chat;

import ai.omnix.pipeline.core.chat.ChatCompletion.FinishReason;
import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatPart;
import ai.omnix.pipeline.core.chat.ChatProviderException.Kind;
import ai.omnix.pipeline.core.chat.ChatRequest;
import ai.omnix.pipeline.core.chat.ChatRole;
import ai.omnix.pipeline.providers.http.Credential;
import ai.omnix.pipeline.providers.http.HttpCall;
import ai.omnix.pipeline.providers.http.ProviderHttp;
import ai.omnix.pipeline.providers.http.ServerSentEvents;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Messages API, streamed: {@code POST {base}/v1/messages} with {@code stream: true},
 * {@code x-api-key} and {@code anthropic-version: 2023-06-01}. System messages go to the top-level
 * {@code system}; images as {@code base64} (data URLs) or {@code url} sources. The stream is named
 * events: {@code message_start} (input tokens), {@code content_block_delta} ({@code text_delta}),
 * {@code message_delta} (stop reason, output tokens), {@code message_stop}; {@code ping} is skipped
 * and an {@code error} event (say {@code overloaded_error}) ends the reply as unavailable. A {@code
 * stop_reason} of {@code refusal} is a refusal. Temperature is capped at 1, Anthropic's maximum.
 */
public final class AnthropicChatApi implements ChatApi {
  public static final String VERSION = "2023-06-01";

  @Override
  public String family() {
    return "anthropic";
  }

  @Override
  public Credential credential(URI baseUrl, String key) {
    return Credential.header(baseUrl, "x-api-key", key);
  }

  @Override
  public HttpCall call(URI baseUrl, ChatRequest request, ProviderHttp http) {
    ObjectNode body = http.newObject();
    body.put("model", request.providerModel());
    body.put("max_tokens", request.maxTokens());
    body.put("stream", true);
    if (request.temperature() != null) {
      body.put("temperature", Math.min(1.0, request.temperature()));
    }
    List<String> system = new ArrayList<>();
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage message : request.messages()) {
      if (message.role() == ChatRole.SYSTEM) {
        system.add(message.text());
        continue;
      }
      ObjectNode m = messages.addObject();
      m.put("role", message.role() == ChatRole.ASSISTANT ? "assistant" : "user");
      if (message.imageCount() == 0) {
        m.put("content", message.text());
        continue;
      }
      ArrayNode blocks = m.putArray("content");
      for (ChatPart part : message.parts()) {
        if (part instanceof ChatPart.Text text) {
          blocks.addObject().put("type", "text").put("text", text.text());
        } else if (part instanceof ChatPart.ImageUrl image) {
          ObjectNode source = blocks.addObject().put("type", "image").putObject("source");
          ChatUris.dataUrl(image.url())
              .ifPresentOrElse(
                  data ->
                      source
                          .put("type", "base64")
                          .put("media_type", data.mediaType())
                          .put("data", data.base64()),
                  () -> source.put("type", "url").put("url", image.url()));
        }
      }
    }
    if (!system.isEmpty()) {
      body.put("system", String.join("\n\n", system));
    }
    return HttpCall.post(
            ChatUris.under(baseUrl, "v1/messages"), http.toJson(body), "application/json")
        .withHeader("anthropic-version", VERSION)
        .withHeader("Accept", "text/event-stream");
  }

  @Override
  public boolean refusal(int status, JsonNode errorBody) {
    return false; // Anthropic refuses in the stream (stop_reason "refusal"), not by status
  }

  @Override
  public Decoder decoder(ProviderHttp http) {
    return new Decoder() {
      private boolean done;
      private int prompt = -1;
      private int completion = -1;
      private FinishReason finish;

      @Override
      public String next(ServerSentEvents.Event event) throws ChatFailure {
        if (event.type().equals("ping")) {
          return "";
        }
        JsonNode data = ChatUris.object(http, event.data(), "anthropic");
        String type = data.path("type").asText(event.type());
        switch (type) {
          case "message_start" -> {
            JsonNode usage = data.path("message").path("usage");
            prompt = usage.path("input_tokens").asInt(-1);
            return "";
          }
          case "content_block_delta" -> {
            JsonNode delta = data.path("delta");
            return delta.path("type").asText("").equals("text_delta")
                ? delta.path("text").asText("")
                : "";
          }
          case "message_delta" -> {
            JsonNode usage = data.path("usage");
            if (usage.has("output_tokens")) {
              completion = usage.path("output_tokens").asInt(-1);
            }
            if (usage.has("input_tokens")) {
              prompt = usage.path("input_tokens").asInt(prompt);
            }
            String stop = data.path("delta").path("stop_reason").asText("");
            switch (stop) {
              case "" -> {}
              case "refusal" ->
                  throw new ChatFailure(Kind.REFUSED, "anthropic refused (stop_reason refusal)");
              case "max_tokens" -> finish = FinishReason.LENGTH;
              default -> finish = FinishReason.STOP;
            }
            return "";
          }
          case "message_stop" -> {
            done = true;
            return "";
          }
          case "error" -> {
            JsonNode error = data.path("error");
            throw new ChatFailure(
                error.path("type").asText("").equals("invalid_request_error")
                    ? Kind.INVALID_REQUEST
                    : Kind.UNAVAILABLE,
                "anthropic error in the stream: "
                    + error.path("type").asText("")
                    + " "
                    + error.path("message").asText(""));
          }
          default -> {
            return ""; // content_block_start/stop and events added later
          }
        }
      }

      @Override
      public boolean done() {
        return done;
      }

      @Override
      public int promptTokens() {
        return prompt;
      }

      @Override
      public int completionTokens() {
        return completion;
      }

      @Override
      public FinishReason finishReason() {
        return finish;
      }
    };
  }
}
