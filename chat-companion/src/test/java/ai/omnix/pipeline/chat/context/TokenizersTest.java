package ai.omnix.pipeline.chat.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatPart;
import ai.omnix.pipeline.core.chat.ChatRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizersTest {

  @Test
  void openAiEncodingsCountExactly() {
    // known counts: "hello world" is 2 tokens in both encodings
    assertThat(Tokenizers.named("cl100k_base").count("hello world")).isEqualTo(2);
    assertThat(Tokenizers.named("o200k_base").count("hello world")).isEqualTo(2);
    assertThat(Tokenizers.named("o200k_base").count("")).isZero();
  }

  @Test
  void specialTokensInTextAreCountedAsTextNotRefused() {
    assertThat(Tokenizers.named("cl100k_base").count("<|endoftext|> and <|im_start|>"))
        .isGreaterThan(3);
  }

  @Test
  void theEstimateIsCl100kWithAMargin() {
    String text = "The quick brown fox jumps over the lazy dog. ".repeat(20);
    int cl100k = Tokenizers.named("cl100k_base").count(text);
    assertThat(Tokenizers.named("estimate").count(text))
        .isEqualTo((int) Math.ceil(cl100k * 1.2))
        .isGreaterThan(cl100k);
  }

  @Test
  void aMessageCountsItsOverheadAndItsImages() {
    TokenCounter counter = Tokenizers.named("cl100k_base");
    ChatMessage message =
        new ChatMessage(
            ChatRole.USER,
            List.of(
                new ChatPart.Text("hello world"),
                new ChatPart.ImageUrl("https://example.com/a.png", "low"),
                new ChatPart.ImageUrl("https://example.com/b.png", null)));
    assertThat(counter.count(message)).isEqualTo(4 + 2 + 85 + 765);
  }

  @Test
  void anUnknownTokenizerIsRefused() {
    assertThatThrownBy(() -> Tokenizers.named("gpt2")).isInstanceOf(IllegalArgumentException.class);
  }
}
