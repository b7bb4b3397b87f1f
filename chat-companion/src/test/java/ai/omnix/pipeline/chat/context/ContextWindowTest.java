package ai.omnix.pipeline.chat.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatRole;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContextWindowTest {

  private static ContextWindow.Sized sized(ChatRole role, String text, int tokens) {
    return new ContextWindow.Sized(ChatMessage.text(role, text), tokens);
  }

  /** u1 a1 u2 a2 u3 a3, 100 tokens each. */
  private static List<ContextWindow.Sized> history() {
    List<ContextWindow.Sized> history = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      history.add(sized(ChatRole.USER, "u" + i, 100));
      history.add(sized(ChatRole.ASSISTANT, "a" + i, 100));
    }
    return history;
  }

  @ParameterizedTest(name = "window {0}, reply {1}, system {2} -> drops {3}, first kept {4}")
  @CsvSource({
    // everything fits: 600 history + 50 newest + 3 priming
    "1000, 100, 0, 0, u1",
    // 653 > 600 - 0: drop u1 and its answer a1
    "600, 0, 0, 2, u2",
    // the reply's reserve counts: 700 - 300 = 400 leaves room for u3 a3 only
    "700, 300, 0, 4, u3",
    // the system prompt is kept and counts: 753 > 500, 553 > 500, 353
    "500, 0, 100, 4, u3",
    // nothing of the history fits
    "200, 100, 0, 6, newest",
  })
  void dropsWholeTurnsFromTheOldestUntilThePromptFits(
      int window, int reserve, int system, int dropped, String firstKept) {
    ContextWindow.Sized systemPrompt =
        system == 0 ? null : sized(ChatRole.SYSTEM, "instructions", system);
    ContextWindow.Fitted fitted =
        ContextWindow.fit(
            systemPrompt, history(), sized(ChatRole.USER, "newest", 50), window, reserve);
    assertThat(fitted.droppedMessages()).isEqualTo(dropped);
    List<ChatMessage> messages = fitted.messages();
    int offset = system == 0 ? 0 : 1;
    if (system != 0) {
      assertThat(messages.get(0).role()).isEqualTo(ChatRole.SYSTEM);
    }
    assertThat(messages.get(offset).text()).isEqualTo(firstKept);
    assertThat(messages.get(messages.size() - 1).text()).isEqualTo("newest");
    assertThat(fitted.promptTokens()).isLessThanOrEqualTo(window - reserve);
    assertThat(fitted.promptTokens()).isEqualTo(3 + 50 + system + (6 - dropped) * 100);
  }

  @Test
  void anAssistantMessageIsNeverLeftFirst() {
    List<ContextWindow.Sized> history =
        List.of(
            sized(ChatRole.USER, "u1", 10),
            sized(ChatRole.ASSISTANT, "a1", 10),
            sized(ChatRole.ASSISTANT, "a1b", 10),
            sized(ChatRole.USER, "u2", 10));
    // only 1 message needs to go, but a1 and a1b follow it and go too
    ContextWindow.Fitted fitted =
        ContextWindow.fit(null, history, sized(ChatRole.USER, "n", 10), 45, 0);
    assertThat(fitted.droppedMessages()).isEqualTo(3);
    assertThat(fitted.messages()).extracting(ChatMessage::text).containsExactly("u2", "n");
  }

  @Test
  void refusesWhenTheNewestMessageAloneDoesNotFit() {
    assertThatThrownBy(
            () ->
                ContextWindow.fit(
                    sized(ChatRole.SYSTEM, "s", 40),
                    history(),
                    sized(ChatRole.USER, "n", 60),
                    200,
                    100))
        .isInstanceOfSatisfying(
            ContextWindow.Overflow.class,
            e -> {
              assertThat(e.promptTokens()).isEqualTo(103);
              assertThat(e.budget()).isEqualTo(100);
            });
  }
}
