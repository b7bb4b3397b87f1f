package ai.omnix.pipeline.chat.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.chat.offline.OfflineChatProvider;
import ai.omnix.pipeline.core.tenant.Plan;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ChatCompletionsIT extends ChatTestSupport {
  @Autowired OfflineChatProvider offline;

  private OpenAIClient openAi(String key) {
    return OpenAIOkHttpClient.builder()
        .apiKey(key)
        .baseUrl(base() + "/v1")
        .maxRetries(0)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private static ChatCompletionCreateParams.Builder hello(long maxTokens) {
    return ChatCompletionCreateParams.builder()
        .model("offline-chat")
        .addSystemMessage("Be brief.")
        .addUserMessage("Hello from the official client")
        .maxCompletionTokens(maxTokens);
  }

  @Test
  void theOfficialOpenAiClientStreamsAReplyAndReadsTheUsage() {
    OpenAIClient client = openAi(aTenant(Plan.PRO));
    StringBuilder text = new StringBuilder();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client
            .chat()
            .completions()
            .createStreaming(
                hello(12)
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      stream.stream()
          .forEach(
              chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
              });
    }
    assertThat(text.toString())
        .startsWith("This is offline-chat")
        .isEqualTo(String.join("", OfflineReplies.first(12, "Hello from the official client")));
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage()).isPresent();
    assertThat(last.usage().get().completionTokens()).isEqualTo(12);
    assertThat(last.usage().get().promptTokens()).isGreaterThan(10);
    assertThat(
            chunks.stream()
                .flatMap(c -> c.choices().stream())
                .filter(c -> c.finishReason().isPresent())
                .map(c -> c.finishReason().get().asString()))
        .containsExactly("length");
  }

  @Test
  void theOfficialOpenAiClientReadsAReplyThatIsNotStreamed() {
    OpenAIClient client = openAi(aTenant(Plan.PRO));
    ChatCompletion completion = client.chat().completions().create(hello(7).build());
    assertThat(completion.choices()).hasSize(1);
    assertThat(completion.choices().get(0).message().content())
        .contains(String.join("", OfflineReplies.first(7, "Hello from the official client")));
    assertThat(completion.usage().get().completionTokens()).isEqualTo(7);
    assertThat(completion.model()).isEqualTo("offline-chat");
    assertThat(completion.id()).startsWith("chatcmpl-");
  }

  @Test
  void theOfficialClientSeesOurRefusalsAsItsOwnErrors() {
    String key = aTenant(Plan.PRO);
    assertThatThrownBy(
            () -> openAi("omx_not_a_key_0123456789").chat().completions().create(hello(3).build()))
        .isInstanceOfSatisfying(
            UnauthorizedException.class,
            e -> {
              assertThat(e.code()).contains("invalid_api_key");
              assertThat(e.type()).contains("authentication_error");
            });
    assertThatThrownBy(
            () -> openAi(key).chat().completions().create(hello(3).model("no-such-model").build()))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.code()).contains("model_not_found");
              assertThat(e.param()).contains("model");
            });
  }

  @Test
  void aStreamIsOpenAiChunksThenTheUsageThenDone() {
    String key = aTenant(Plan.PRO);
    Response r =
        post(
            key,
            "/v1/chat/completions",
            Map.of(
                "model",
                "offline-chat",
                "stream",
                true,
                "stream_options",
                Map.of("include_usage", true),
                "max_tokens",
                5,
                "messages",
                List.of(Map.of("role", "user", "content", "Say something"))));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/event-stream");
    List<String> events = dataEvents(r.body());
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    Map<String, Object> first = parse(events.get(0));
    assertThat(first.get("object")).isEqualTo("chat.completion.chunk");
    assertThat(first.toString()).contains("role=assistant");
    List<Map<String, Object>> chunks =
        events.subList(0, events.size() - 1).stream().map(ChatTestSupport::parse).toList();
    assertThat(chunks).allSatisfy(c -> assertThat(c.get("id")).isEqualTo(first.get("id")));
    Map<String, Object> usageChunk = chunks.get(chunks.size() - 1);
    assertThat(usageChunk.get("choices")).isEqualTo(List.of());
    assertThat(usageChunk.get("usage").toString()).contains("completion_tokens=5");
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(c -> assertThat(c).containsEntry("usage", null));
    // role chunk, 5 content chunks, finish chunk, usage chunk
    assertThat(chunks).hasSize(8);
  }

  @Test
  void refusalsOnTheChatPathAreOpenAiErrorObjects() {
    String key = aTenant(Plan.PRO);
    Map<String, Object> user = Map.of("role", "user", "content", "hi");

    Response unknownModel =
        post(key, "/v1/chat/completions", Map.of("model", "nope", "messages", List.of(user)));
    assertThat(unknownModel.status()).isEqualTo(404);
    assertThat(unknownModel.error())
        .containsEntry("code", "model_not_found")
        .containsEntry("type", "not_found_error")
        .containsEntry("param", "model")
        .containsKey("message");

    Response tools =
        post(
            key,
            "/v1/chat/completions",
            Map.of(
                "model", "offline-chat",
                "messages", List.of(user),
                "tools", List.of(Map.of("type", "function"))));
    assertThat(tools.status()).isEqualTo(400);
    assertThat(tools.error())
        .containsEntry("code", "unsupported_parameter")
        .containsEntry("param", "tools")
        .containsEntry("type", "invalid_request_error");

    Response noMessages = post(key, "/v1/chat/completions", Map.of("model", "offline-chat"));
    assertThat(noMessages.status()).isEqualTo(400);
    assertThat(noMessages.error()).containsEntry("param", "messages");

    Response malformed = post(key, "/v1/chat/completions", "{\"model\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.error()).containsEntry("code", "malformed_json");

    Response tooLong =
        post(
            key,
            "/v1/chat/completions",
            Map.of(
                "model",
                "offline-chat",
                "messages",
                List.of(Map.of("role", "user", "content", "x".repeat(32_001)))));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.error())
        .containsEntry("code", "message_too_large")
        .containsEntry("param", "messages[0].content");

    String word = "hello ".repeat(5_000);
    Response overWindow =
        post(
            key,
            "/v1/chat/completions",
            Map.of(
                "model",
                "offline-chat",
                "messages",
                List.of(
                    Map.of("role", "user", "content", word),
                    Map.of("role", "assistant", "content", word),
                    Map.of("role", "user", "content", word))));
    assertThat(overWindow.status()).isEqualTo(400);
    assertThat(overWindow.error()).containsEntry("code", "context_length_exceeded");

    Response bigBody =
        post(
            key,
            "/v1/chat/completions",
            Map.of(
                "model",
                "offline-chat",
                "messages",
                List.of(
                    Map.of(
                        "role",
                        "user",
                        "content",
                        List.of(
                            Map.of(
                                "type",
                                "image_url",
                                "image_url",
                                Map.of("url", "data:image/png;base64," + "A".repeat(300_000))))))));
    assertThat(bigBody.status()).isEqualTo(413);
    assertThat(bigBody.error()).containsEntry("code", "body_too_large");

    Response noKey =
        send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(noKey.status()).isEqualTo(401);
    assertThat(noKey.error()).containsEntry("code", "unauthenticated");
    assertThat(noKey.contentType()).startsWith("application/json");
  }

  @Test
  void aClientThatDisconnectsStopsTheGenerationWithinOneSecond() throws Exception {
    String key = aTenant(Plan.PRO);
    int before = offline.activeGenerations();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      startStream(socket, key);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      int contentChunks = 0;
      String line;
      while (contentChunks < 3 && (line = in.readLine()) != null) {
        if (line.startsWith("data: ")
            && line.contains("\"content\":\"")
            && !line.contains("\"role\"")) {
          contentChunks++;
        }
      }
      assertThat(contentChunks).isEqualTo(3);
      assertThat(offline.activeGenerations()).isGreaterThan(before);
    }
    long closed = System.nanoTime();
    // the reply has 400 tokens at 50 tokens/s: without the cancel it would run for 8 s
    await(Duration.ofSeconds(1), () -> offline.activeGenerations() == before, "the cancel");
    System.out.printf(
        "generation stopped %.1f ms after the client closed%n", (System.nanoTime() - closed) / 1e6);
  }

  @Test
  void aTenantHasAtMostItsPlansConcurrentStreams() throws Exception {
    String key = aTenant(Plan.FREE);
    try (Socket first = new Socket("127.0.0.1", port);
        Socket second = new Socket("127.0.0.1", port)) {
      startStream(first, key);
      startStream(second, key);
      readUntilContent(first);
      readUntilContent(second);
      Response third =
          post(
              key,
              "/v1/chat/completions",
              Map.of(
                  "model",
                  "offline-chat",
                  "messages",
                  List.of(Map.of("role", "user", "content", "third"))));
      assertThat(third.status()).isEqualTo(429);
      assertThat(third.error())
          .containsEntry("code", "too_many_concurrent_streams")
          .containsEntry("type", "rate_limit_error");
    }
    await(
        Duration.ofSeconds(5),
        () ->
            post(
                        key,
                        "/v1/chat/completions",
                        Map.of(
                            "model",
                            "offline-chat",
                            "max_tokens",
                            2,
                            "messages",
                            List.of(Map.of("role", "user", "content", "again"))))
                    .status()
                == 200,
        "a slot to free up after the clients closed");
  }

  private static void startStream(Socket socket, String key) throws Exception {
    String body =
        "{\"model\":\"offline-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"long\"}]}";
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + key
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void readUntilContent(Socket socket) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("data: ") && !line.contains("\"role\"")) {
        return;
      }
    }
    throw new AssertionError("the stream ended before any content");
  }
}
