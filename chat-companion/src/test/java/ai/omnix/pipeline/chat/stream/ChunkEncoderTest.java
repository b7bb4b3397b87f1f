package ai.omnix.pipeline.chat.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class ChunkEncoderTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Map<String, Object> data(byte[] event) {
    String text = new String(event, StandardCharsets.UTF_8);
    assertThat(text).startsWith("data: ").endsWith("\n\n");
    return JSON.readValue(
        text.substring(6, text.length() - 2), new TypeReference<Map<String, Object>>() {});
  }

  @Test
  @SuppressWarnings("unchecked")
  void aContentChunkIsValidJsonWhateverTheText() {
    ChunkEncoder encoder = new ChunkEncoder("chatcmpl-1", 1700000000, "offline-chat", true);
    String hostile =
        "quote \" backslash \\ newline \n tab \t unicode \u00e9 \ud83d\ude00 </script>";
    Map<String, Object> chunk = data(encoder.contentChunk(hostile));
    assertThat(chunk)
        .containsEntry("id", "chatcmpl-1")
        .containsEntry("object", "chat.completion.chunk")
        .containsEntry("created", 1700000000)
        .containsEntry("model", "offline-chat")
        .containsEntry("usage", null);
    Map<String, Object> choice = ((List<Map<String, Object>>) chunk.get("choices")).get(0);
    assertThat(choice.get("delta")).isEqualTo(Map.of("content", hostile));
    assertThat(choice).containsEntry("finish_reason", null).containsEntry("index", 0);
  }

  @Test
  void withoutIncludeUsageChunksCarryNoUsageField() {
    ChunkEncoder encoder = new ChunkEncoder("chatcmpl-2", 1, "m", false);
    assertThat(data(encoder.contentChunk("x"))).doesNotContainKey("usage");
    assertThat(data(encoder.finishChunk("stop"))).doesNotContainKey("usage");
  }

  @Test
  void theUsageChunkHasNoChoices() {
    ChunkEncoder encoder = new ChunkEncoder("chatcmpl-3", 1, "m", true);
    Map<String, Object> chunk =
        data(encoder.usageChunk(ChunkEncoder.usage(10, 5), Map.of("credits", 1)));
    assertThat(chunk.get("choices")).isEqualTo(List.of());
    assertThat(chunk.get("usage"))
        .isEqualTo(Map.of("prompt_tokens", 10, "completion_tokens", 5, "total_tokens", 15));
    assertThat(chunk.get("omnix")).isEqualTo(Map.of("credits", 1));
  }
}
