package ai.omnix.pipeline.core.chat;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One message of a conversation as a provider receives it. */
public record ChatMessage(ChatRole role, List<ChatPart> parts) {
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    parts = List.copyOf(parts);
  }

  public static ChatMessage text(ChatRole role, String text) {
    return new ChatMessage(role, List.of(new ChatPart.Text(text)));
  }

  /** The text parts joined, images left out. */
  public String text() {
    return parts.stream()
        .filter(ChatPart.Text.class::isInstance)
        .map(p -> ((ChatPart.Text) p).text())
        .collect(Collectors.joining("\n"));
  }

  public long imageCount() {
    return parts.stream().filter(ChatPart.ImageUrl.class::isInstance).count();
  }
}
