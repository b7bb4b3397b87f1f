package ai.omnix.pipeline.chat.offline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.chat.ChatMessage;
import ai.omnix.pipeline.core.chat.ChatPart;
import ai.omnix.pipeline.core.chat.ChatProvider;
import ai.omnix.pipeline.core.chat.ChatRole;
import ai.omnix.pipeline.testkit.chat.ChatProviderContract;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OfflineChatProviderTest extends ChatProviderContract {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  // 20 tokens/s: a 20-token reply takes a second
  private final OfflineChatProvider provider = new OfflineChatProvider(timer, 20, 40);

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @Override
  protected ChatProvider provider() {
    return provider;
  }

  @Override
  protected String model() {
    return "offline-chat";
  }

  @Test
  void theSameConversationGetsTheSameReplyAndAnotherOneAnotherReply() {
    List<ChatMessage> conversation =
        List.of(
            ChatMessage.text(ChatRole.SYSTEM, "Be brief."),
            new ChatMessage(
                ChatRole.USER,
                List.of(
                    new ChatPart.Text("What is in this picture?"),
                    new ChatPart.ImageUrl("https://example.com/a.png", null))));
    List<String> reply = OfflineChatProvider.reply(conversation, 60);
    assertThat(reply).hasSize(60).isEqualTo(OfflineChatProvider.reply(conversation, 60));
    String text = String.join("", reply);
    assertThat(text)
        .startsWith(
            "This is offline-chat, a deterministic offline model (no provider was called). You"
                + " said: \u201cWhat is in this picture?\u201d. The conversation has 2 messages and"
                + " 1 image.");
    List<ChatMessage> other = List.of(ChatMessage.text(ChatRole.USER, "Something else"));
    assertThat(OfflineChatProvider.reply(other, 60)).isNotEqualTo(reply);
  }

  @Test
  void withDocumentsInThePromptItCitesEachAssetsFirstPageAndQuotesIt() {
    List<ChatMessage> conversation =
        List.of(
            ChatMessage.text(
                ChatRole.SYSTEM,
                "Documents follow.\n\n[asset ast_one page 1]\nQuarterly results exceeded plan by"
                    + " far this year\n\n[asset ast_one page 2]\nSecond page\n\n"
                    + "[asset ast_two page 4]\nScanned invoice 4711"),
            ChatMessage.text(ChatRole.USER, "Summarise"));
    String text = String.join("", OfflineChatProvider.reply(conversation, 60));
    assertThat(text)
        .startsWith(
            "This is offline-chat, a deterministic offline model (no provider was called). From"
                + " [asset ast_one page 1]: \u201cQuarterly results exceeded plan by far\u201d."
                + " From [asset ast_two page 4]: \u201cScanned invoice 4711\u201d. You said:"
                + " \u201cSummarise\u201d.");
    assertThat(ai.omnix.pipeline.chat.attachment.PageMarkers.find(text))
        .extracting(c -> c.assetId() + "#" + c.page())
        .containsExactly("ast_one#1", "ast_two#4");
  }

  @Test
  void aCancelledOrFinishedGenerationStopsCounting() throws Exception {
    Recorder recorder = new Recorder();
    var stream = provider.start(aRequest(30), recorder);
    assertThat(provider.activeGenerations()).isEqualTo(1);
    stream.cancel();
    assertThat(provider.activeGenerations()).isZero();
    Recorder done = new Recorder();
    provider.start(aRequest(2), done);
    assertThat(done.ended.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(provider.activeGenerations()).isZero();
  }
}
