package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chat role inside the all-in-one application, beside the API and the generation module. */
class ChatRoleIT extends PipelineTestSupport {

  @Test
  @SuppressWarnings("unchecked")
  void modelsListsGenerationAndChatModelsInOneOpenAiList() {
    ApiClient tenant = aTenant("pro");
    Map<String, Object> list = tenant.get("/v1/models").json();
    assertThat(list).containsEntry("object", "list");
    List<Map<String, Object>> data = (List<Map<String, Object>>) list.get("data");
    assertThat(data).extracting(m -> m.get("id")).contains("offline-image", "offline-chat");
    assertThat(data)
        .allSatisfy(m -> assertThat(m).containsKeys("id", "object", "created", "owned_by"));
    Map<String, Object> chat =
        data.stream().filter(m -> m.get("id").equals("offline-chat")).findFirst().orElseThrow();
    assertThat((List<String>) chat.get("capabilities")).contains("chat");
    assertThat(chat).containsEntry("available", true);
  }

  @Test
  void customInstructionsSetThroughTheChatRoleShowAtMe() {
    ApiClient tenant = aTenant("pro");
    assertThat(tenant.get("/v1/me").json()).containsEntry("custom_instructions", null);
    ApiClient.Response set =
        tenant.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/me/custom-instructions"))
                .header("Authorization", "Bearer " + tenant.key())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"custom_instructions\":\"Be terse.\"}"))
                .build());
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(tenant.get("/v1/me").json()).containsEntry("custom_instructions", "Be terse.");
  }

  @Test
  void theAllInOneProcessChatsOnTheOfflineModel() {
    ApiClient tenant = aTenant("free");
    ApiClient.Response reply =
        tenant.post(
            "/v1/chat/completions",
            Map.of(
                "model",
                "offline-chat",
                "max_tokens",
                3,
                "messages",
                List.of(Map.of("role", "user", "content", "hi"))));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json()).containsEntry("object", "chat.completion");
  }
}
