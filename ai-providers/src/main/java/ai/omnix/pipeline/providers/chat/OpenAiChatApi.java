package ai.omnix.pipeline.providers.chat;

import ai.omnix.pipeline.core.chat.ChatCompletion.FinishReason;
import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatPart;
import ai.omnix.pipeline.core.chat.ChatProviderException.Kind;
import ai.omnix.pipeline.core.chat.ChatRequest;
import ai.omnix.pipeline.providers.http.Credential;
import ai.omnix.pipeline.providers.http.HttpCall;
import ai.omnix.pipeline.providers.http.ProviderHttp;
import ai.omnix.pipeline.providers.http.ServerSentEvents;
import java.net.URI;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's Chat Completions, streamed: {@code POST {base}/chat/completions} with {@code stream:
 * true} and {@code stream_options.include_usage}, answered by {@code data:} chunks of {@code
 * chat.completion.chunk} ending with {@code data: [DONE]}; the usage comes in the last chunk (empty
 * {@code choices}). The key is a bearer token. The base URL includes the version ({@code
 * https://api.openai.com/v1}), so Azure-style or compatible gateways fit too.
 *
 * <p>A refusal is an error whose {@code code} is {@code content_policy_violation} or {@code
 * content_filter}, or a {@code refusal} in a delta; a {@code finish_reason} of {@code
 * content_filter} ends the reply as such.
 */
public final class OpenAiChatApi implements ChatApi {
  private static final Set<String> REFUSAL_CODES =
      Set.of("content_policy_violation", "content_filter");

  @Override
  public String family() {
    return "openai";
  }

  @Override
  public Credential credential(URI baseUrl, String key) {
    return new Credential(baseUrl, "Authorization", "Bearer " + key, key);
  }

  @Override
  public HttpCall call(URI baseUrl, ChatRequest request, ProviderHttp http) {
    ObjectNode body = http.newObject();
    body.put("model", request.providerModel());
    body.put("stream", true);
    body.putObject("stream_options").put("include_usage", true);
    body.put("max_completion_tokens", request.maxTokens());
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage message : request.messages()) {
      ObjectNode m = messages.addObject();
      m.put("role", message.role().wireName());
      if (message.imageCount() == 0) {
        m.put("content", message.text());
        continue;
      }
      ArrayNode parts = m.putArray("content");
      for (ChatPart part : message.parts()) {
        if (part instanceof ChatPart.Text text) {
          parts.addObject().put("type", "text").put("text", text.text());
        } else if (part instanceof ChatPart.ImageUrl image) {
          ObjectNode p = parts.addObject().put("type", "image_url");
          p.putObject("image_url").put("url", image.url()).put("detail", image.detail());
        }
      }
    }
    return HttpCall.post(
            ChatUris.under(baseUrl, "chat/completions"), http.toJson(body), "application/json")
        .withHeader("Accept", "text/event-stream");
  }

  @Override
  public boolean refusal(int status, JsonNode errorBody) {
    return status == 400 && REFUSAL_CODES.contains(errorBody.path("error").path("code").asText(""));
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
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
          done = true;
          return "";
        }
        JsonNode chunk = ChatUris.object(http, data, "openai");
        JsonNode error = chunk.path("error");
        if (error.isObject()) {
          throw new ChatFailure(
              REFUSAL_CODES.contains(error.path("code").asText(""))
                  ? Kind.REFUSED
                  : Kind.UNAVAILABLE,
              "openai error in the stream: " + error.path("message").asText(""));
        }
        JsonNode usage = chunk.path("usage");
        if (usage.isObject()) {
          prompt = usage.path("prompt_tokens").asInt(-1);
          completion = usage.path("completion_tokens").asInt(-1);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode choice : chunk.path("choices")) {
          JsonNode delta = choice.path("delta");
          if (delta.path("refusal").isTextual() && !delta.path("refusal").asText().isEmpty()) {
            throw new ChatFailure(Kind.REFUSED, "openai refused: the model sent a refusal");
          }
          if (delta.path("content").isTextual()) {
            text.append(delta.path("content").asText());
          }
          String reason = choice.path("finish_reason").asText("");
          if (!reason.isEmpty()) {
            finish =
                switch (reason) {
                  case "length" -> FinishReason.LENGTH;
                  case "content_filter" -> FinishReason.CONTENT_FILTER;
                  default -> FinishReason.STOP;
                };
          }
        }
        return text.toString();
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
