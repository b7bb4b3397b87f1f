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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google's Gemini API, streamed: {@code POST {base}/v1beta/models/{model}:streamGenerateContent
 * ?alt=sse} with {@code x-goog-api-key}. Roles are {@code user} and {@code model}; system messages
 * go to {@code systemInstruction}; images as {@code inline_data} (data URLs) or {@code file_data}.
 * Each {@code data:} event is a {@code GenerateContentResponse}; there is no end marker, so a
 * stream is complete once a candidate has a {@code finishReason}, and one that closes before is cut
 * short. {@code usageMetadata} gives the prompt and reply tokens (thinking tokens count as reply,
 * as Google bills them). A {@code promptFeedback.blockReason}, or a safety {@code finishReason}
 * before any text, is a refusal.
 */
public final class GeminiChatApi implements ChatApi {
  private static final Set<String> BLOCKED =
      Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY");

  @Override
  public String family() {
    return "google";
  }

  @Override
  public Credential credential(URI baseUrl, String key) {
    return Credential.header(baseUrl, "x-goog-api-key", key);
  }

  @Override
  public HttpCall call(URI baseUrl, ChatRequest request, ProviderHttp http) {
    ObjectNode body = http.newObject();
    List<String> system = new ArrayList<>();
    ArrayNode contents = body.putArray("contents");
    for (ChatMessage message : request.messages()) {
      if (message.role() == ChatRole.SYSTEM) {
        system.add(message.text());
        continue;
      }
      ObjectNode c = contents.addObject();
      c.put("role", message.role() == ChatRole.ASSISTANT ? "model" : "user");
      ArrayNode parts = c.putArray("parts");
      for (ChatPart part : message.parts()) {
        if (part instanceof ChatPart.Text text) {
          parts.addObject().put("text", text.text());
        } else if (part instanceof ChatPart.ImageUrl image) {
          ChatUris.dataUrl(image.url())
              .ifPresentOrElse(
                  data ->
                      parts
                          .addObject()
                          .putObject("inline_data")
                          .put("mime_type", data.mediaType())
                          .put("data", data.base64()),
                  () -> parts.addObject().putObject("file_data").put("file_uri", image.url()));
        }
      }
    }
    if (!system.isEmpty()) {
      body.putObject("systemInstruction")
          .putArray("parts")
          .addObject()
          .put("text", String.join("\n\n", system));
    }
    ObjectNode config = body.putObject("generationConfig");
    config.put("maxOutputTokens", request.maxTokens());
    if (request.temperature() != null) {
      config.put("temperature", request.temperature());
    }
    String model = URLEncoder.encode(request.providerModel(), StandardCharsets.UTF_8);
    return HttpCall.post(
            ChatUris.under(baseUrl, "v1beta/models/" + model + ":streamGenerateContent?alt=sse"),
            http.toJson(body),
            "application/json")
        .withHeader("Accept", "text/event-stream");
  }

  @Override
  public boolean refusal(int status, JsonNode errorBody) {
    return false; // Gemini refuses in the stream (blockReason, safety finishReason)
  }

  @Override
  public Decoder decoder(ProviderHttp http) {
    return new Decoder() {
      private boolean done;
      private boolean anyText;
      private int prompt = -1;
      private int completion = -1;
      private FinishReason finish;

      @Override
      public String next(ServerSentEvents.Event event) throws ChatFailure {
        JsonNode chunk = ChatUris.object(http, event.data(), "google");
        JsonNode error = chunk.path("error");
        if (error.isObject()) {
          throw new ChatFailure(
              Kind.UNAVAILABLE,
              "google error in the stream: "
                  + error.path("status").asText("")
                  + " "
                  + error.path("message").asText(""));
        }
        String blocked = chunk.path("promptFeedback").path("blockReason").asText("");
        if (!blocked.isEmpty()) {
          throw new ChatFailure(Kind.REFUSED, "google blocked the prompt: " + blocked);
        }
        JsonNode usage = chunk.path("usageMetadata");
        if (usage.isObject()) {
          prompt = usage.path("promptTokenCount").asInt(prompt);
          if (usage.has("candidatesTokenCount") || usage.has("thoughtsTokenCount")) {
            completion =
                usage.path("candidatesTokenCount").asInt(0)
                    + usage.path("thoughtsTokenCount").asInt(0);
          }
        }
        StringBuilder text = new StringBuilder();
        JsonNode candidate = chunk.path("candidates").path(0);
        for (JsonNode part : candidate.path("content").path("parts")) {
          if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
            text.append(part.path("text").asText());
          }
        }
        String reason = candidate.path("finishReason").asText("");
        if (!reason.isEmpty() && !reason.equals("FINISH_REASON_UNSPECIFIED")) {
          if (BLOCKED.contains(reason) && !anyText && text.isEmpty()) {
            throw new ChatFailure(Kind.REFUSED, "google refused: finishReason " + reason);
          }
          finish =
              switch (reason) {
                case "MAX_TOKENS" -> FinishReason.LENGTH;
                case "STOP" -> FinishReason.STOP;
                default ->
                    BLOCKED.contains(reason) ? FinishReason.CONTENT_FILTER : FinishReason.STOP;
              };
          done = true;
        }
        if (!text.isEmpty()) {
          anyText = true;
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
