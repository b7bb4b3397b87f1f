package ai.omnix.pipeline.chat.api;

import ai.omnix.pipeline.core.chat.ChatCompletion;
import ai.omnix.pipeline.core.chat.ChatDelta;
import ai.omnix.pipeline.core.chat.ChatListener;
import ai.omnix.pipeline.core.chat.ChatProvider;
import ai.omnix.pipeline.core.chat.ChatRequest;
import ai.omnix.pipeline.core.chat.ChatStream;
import ai.omnix.pipeline.core.chat.ChatUsage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A provider that keeps every request it is sent and answers "recorded reply." at once. */
final class RecordingChatProvider implements ChatProvider {
  final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public ChatStream start(ChatRequest request, ChatListener listener) {
    requests.add(request);
    CompletableFuture.runAsync(
        () -> {
          listener.onDelta(new ChatDelta("recorded", 1));
          listener.onDelta(new ChatDelta(" reply.", 2));
          listener.onComplete(
              new ChatCompletion(
                  new ChatUsage(request.promptTokens(), 3), ChatCompletion.FinishReason.STOP));
        });
    return () -> {};
  }

  ChatRequest last() {
    return requests.get(requests.size() - 1);
  }
}
