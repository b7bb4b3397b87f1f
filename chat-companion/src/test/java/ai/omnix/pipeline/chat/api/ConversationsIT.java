package ai.omnix.pipeline.chat.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatRole;
import ai.omnix.pipeline.core.tenant.Plan;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ConversationsIT extends ChatTestSupport {
  @Autowired RecordingChatProvider recording;

  private String conversation(String key, String model) {
    Response created =
        post(key, "/v1/conversations", model == null ? Map.of() : Map.of("model", model));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> messages(String key, String id) {
    Response r = get(key, "/v1/conversations/" + id);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return (List<Map<String, Object>>) r.json().get("messages");
  }

  private List<Map<String, Object>> say(String key, String id, Map<String, Object> body) {
    Response r = post(key, "/v1/conversations/" + id + "/messages", body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> events = dataEvents(r.body());
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    return events.subList(0, events.size() - 1).stream().map(ChatTestSupport::parse).toList();
  }

  @Test
  void conversationsAreCreatedListedByCursorReadAndDeletedPerTenant() {
    String key = aTenant(Plan.PRO);
    String first = conversation(key, null);
    String second = conversation(key, "offline-chat");
    String third = conversation(key, null);
    Response page = get(key, "/v1/conversations?limit=2");
    assertThat(page.json().get("has_more")).isEqualTo(true);
    assertThat(page.body()).contains(third, second).doesNotContain(first);
    Response next = get(key, "/v1/conversations?limit=2&cursor=" + page.json().get("next_cursor"));
    assertThat(next.body()).contains(first).doesNotContain(second);
    assertThat(next.json().get("has_more")).isEqualTo(false);

    Map<String, Object> one = get(key, "/v1/conversations/" + first).json();
    assertThat(one).containsEntry("model", "offline-chat").containsEntry("messages", List.of());

    String other = aTenant(Plan.PRO);
    assertThat(get(other, "/v1/conversations/" + first).status()).isEqualTo(404);
    assertThat(get(other, "/v1/conversations").body()).doesNotContain(first);
    assertThat(
            post(other, "/v1/conversations/" + first + "/messages", Map.of("content", "hi"))
                .status())
        .isEqualTo(404);
    assertThat(delete(other, "/v1/conversations/" + first).status()).isEqualTo(404);
    Response notFound = get(key, "/v1/conversations/not-a-uuid");
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.contentType()).startsWith("application/problem+json");

    assertThat(delete(key, "/v1/conversations/" + first).status()).isEqualTo(204);
    assertThat(get(key, "/v1/conversations/" + first).status()).isEqualTo(404);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aMessageStreamsItsReplyAndBothAreStoredWithTokensAndCredits() {
    String key = aTenant(Plan.PRO);
    String id = conversation(key, null);
    List<Map<String, Object>> chunks =
        say(key, id, Map.of("content", "Hello there", "max_tokens", 6));
    Map<String, Object> omnix = (Map<String, Object>) chunks.get(0).get("omnix");
    assertThat(omnix).containsEntry("conversation_id", id).containsKey("message_id");
    assertThat((Map<String, Object>) omnix.get("context"))
        .containsEntry("strategy", "drop_oldest")
        .containsEntry("dropped_messages", 0);
    Map<String, Object> last = chunks.get(chunks.size() - 1);
    assertThat(last.get("usage").toString()).contains("completion_tokens=6");
    Map<String, Object> lastOmnix = (Map<String, Object>) last.get("omnix");
    // 0.1 per message + 6 tokens at 10 per 1,000
    assertThat(new BigDecimal(lastOmnix.get("credits").toString())).isEqualByComparingTo("0.16");

    List<Map<String, Object>> stored = messages(key, id);
    assertThat(stored).hasSize(2);
    assertThat(stored.get(0)).containsEntry("role", "user").containsEntry("content", "Hello there");
    Map<String, Object> reply = stored.get(1);
    assertThat(reply)
        .containsEntry("role", "assistant")
        .containsEntry("model", "offline-chat")
        .containsEntry("status", "complete")
        .containsEntry("id", omnix.get("message_id"));
    assertThat((String) reply.get("content")).startsWith("This is offline-chat,");
    assertThat(reply.get("usage").toString()).contains("completion_tokens=6");
    assertThat(new BigDecimal(reply.get("credits").toString())).isEqualByComparingTo("0.16");
    assertThat(reply.get("finished_at")).isNotNull();
  }

  @Test
  void switchingModelsSendsTheWholeHistoryToTheNewModel() {
    String key = aTenant(Plan.PRO);
    String id = conversation(key, null);
    say(key, id, Map.of("content", "First question", "max_tokens", 4));
    String firstReply = (String) messages(key, id).get(1).get("content");
    say(key, id, Map.of("content", "Second question", "model", "recorded-large"));

    List<ChatMessage> sent = recording.last().messages();
    assertThat(sent)
        .extracting(ChatMessage::role)
        .containsExactly(ChatRole.USER, ChatRole.ASSISTANT, ChatRole.USER);
    assertThat(sent)
        .extracting(ChatMessage::text)
        .containsExactly("First question", firstReply, "Second question");
    assertThat(recording.last().providerModel()).isEqualTo("large-v1");
    assertThat(get(key, "/v1/conversations/" + id).json()).containsEntry("model", "recorded-large");
    assertThat(messages(key, id).get(3))
        .containsEntry("model", "recorded-large")
        .containsEntry("content", "recorded reply.");

    // and back: the offline model now sees all four earlier messages plus the new one
    List<Map<String, Object>> chunks =
        say(key, id, Map.of("content", "Third", "model", "offline-chat", "max_tokens", 45));
    StringBuilder text = new StringBuilder();
    chunks.forEach(
        c -> {
          if (c.get("choices") instanceof List<?> l
              && !l.isEmpty()
              && l.get(0) instanceof Map<?, ?> choice
              && choice.get("delta") instanceof Map<?, ?> delta
              && delta.get("content") instanceof String s) {
            text.append(s);
          }
        });
    assertThat(text.toString()).contains("The conversation has 5 messages.");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theOldestTurnsAreDroppedWhenTheWindowIsFullAndTheReplySaysSo() {
    String key = aTenant(Plan.PRO);
    String id = conversation(key, "recorded-small");
    String longText = "alpha ".repeat(120).trim();
    say(key, id, Map.of("content", "one " + longText));
    say(key, id, Map.of("content", "two " + longText));
    say(key, id, Map.of("content", "three " + longText));
    List<Map<String, Object>> chunks = say(key, id, Map.of("content", "four " + longText));

    Map<String, Object> context =
        (Map<String, Object>) ((Map<String, Object>) chunks.get(0).get("omnix")).get("context");
    int dropped = (Integer) context.get("dropped_messages");
    assertThat(dropped).isGreaterThanOrEqualTo(2).isEven();
    List<ChatMessage> sent = recording.last().messages();
    assertThat(sent).hasSize(7 - dropped);
    assertThat(sent.get(0).role()).isEqualTo(ChatRole.USER);
    assertThat(sent.get(sent.size() - 1).text()).startsWith("four ");
    assertThat(sent.get(0).text()).doesNotStartWith("one ");
    assertThat(recording.last().promptTokens()).isLessThanOrEqualTo(600 - 75);
    assertThat((Map<String, Object>) messages(key, id).get(7).get("context"))
        .containsEntry("dropped_messages", dropped);
  }

  @Test
  void customInstructionsArePrependedAndShownAtMe() {
    String key = aTenant(Plan.PRO);
    Response set =
        send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base() + "/v1/me/custom-instructions"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .PUT(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"custom_instructions\":\"Answer in French.\"}"))
                .build());
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(get(key, "/v1/me/custom-instructions").json())
        .containsEntry("custom_instructions", "Answer in French.");
    String id = conversation(key, "recorded-large");
    say(key, id, Map.of("content", "Bonjour"));
    assertThat(recording.last().messages().get(0))
        .isEqualTo(ChatMessage.text(ChatRole.SYSTEM, "Answer in French."));
    assertThat(delete(key, "/v1/me/custom-instructions").status()).isEqualTo(204);
    assertThat(get(key, "/v1/me/custom-instructions").json())
        .containsEntry("custom_instructions", null);
  }

  @Test
  void limitsAreRefusedWithTheirOwnCodes() throws Exception {
    String key = aTenant(Plan.PRO);
    String id = conversation(key, "recorded-large");
    String path = "/v1/conversations/" + id + "/messages";

    Response attachments =
        post(
            key,
            path,
            Map.of("content", "hi", "asset_ids", java.util.Collections.nCopies(11, "a")));
    assertThat(attachments.status()).isEqualTo(400);
    assertThat(attachments.json()).containsEntry("code", "too_many_attachments");
    Response unknown = post(key, path, Map.of("content", "hi", "asset_ids", List.of("a")));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json()).containsEntry("code", "not_found");
    Response tooLarge = post(key, path, Map.of("content", "x".repeat(32_001)));
    assertThat(tooLarge.status()).isEqualTo(400);
    assertThat(tooLarge.json()).containsEntry("code", "message_too_large");
    Response noModel = post(key, path, Map.of("content", "hi", "model", "nobody-serves-me"));
    assertThat(noModel.status()).isEqualTo(400);
    assertThat(noModel.json()).containsEntry("code", "model_not_available");

    for (int i = 0; i < 4; i++) {
      say(key, id, Map.of("content", "turn " + i));
    }
    Response full = post(key, path, Map.of("content", "one too many"));
    assertThat(full.status()).isEqualTo(409);
    assertThat(full.json()).containsEntry("code", "conversation_full");

    String busy = conversation(key, null);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      postRaw(socket, key, "/v1/conversations/" + busy + "/messages", "{\"content\":\"long\"}");
      readContentChunks(socket, 1);
      Response second =
          post(key, "/v1/conversations/" + busy + "/messages", Map.of("content", "x"));
      assertThat(second.status()).isEqualTo(409);
      assertThat(second.json()).containsEntry("code", "reply_in_progress");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aClientThatLeavesMidStreamLeavesAPartialReplyBilledForWhatWasGenerated() throws Exception {
    String key = aTenant(Plan.PRO);
    String id = conversation(key, null);
    String seen;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      postRaw(
          socket, key, "/v1/conversations/" + id + "/messages", "{\"content\":\"Tell me more\"}");
      seen = readContentChunks(socket, 3);
    }
    await(
        Duration.ofSeconds(2),
        () -> "partial".equals(messages(key, id).get(1).get("status")),
        "the reply to be stored as partial");
    Map<String, Object> reply = messages(key, id).get(1);
    int generated = (Integer) ((Map<String, Object>) reply.get("usage")).get("completion_tokens");
    assertThat(generated).isGreaterThanOrEqualTo(3).isLessThan(400);
    assertThat((String) reply.get("content")).startsWith(seen);
    assertThat(reply).containsEntry("error_code", "client_disconnected");
    BigDecimal credits = new BigDecimal(reply.get("credits").toString());
    // never nothing, never the whole 400-token reply: 0.1 + generated × 0.01
    assertThat(credits)
        .isEqualByComparingTo(BigDecimal.valueOf(0.1).add(BigDecimal.valueOf(generated, 2)));
    assertThat(credits).isLessThan(new BigDecimal("4.1"));
  }

  private static void postRaw(Socket socket, String key, String path, String body)
      throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + key
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Reads until {@code n} content chunks arrived; returns their text. */
  @SuppressWarnings("unchecked")
  private static String readContentChunks(Socket socket, int n) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder text = new StringBuilder();
    int seen = 0;
    String line;
    while (seen < n && (line = in.readLine()) != null) {
      if (line.startsWith("data: {")) {
        Map<String, Object> chunk = parse(line.substring(6));
        List<Map<String, Object>> choices = (List<Map<String, Object>>) chunk.get("choices");
        if (!choices.isEmpty()) {
          Map<String, Object> delta = (Map<String, Object>) choices.get(0).get("delta");
          if (!delta.containsKey("role") && delta.get("content") instanceof String s) {
            text.append(s);
            seen++;
          }
        }
      }
    }
    assertThat(seen).isEqualTo(n);
    return text.toString();
  }
}
