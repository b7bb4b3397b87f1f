package ai.omnix.pipeline.core.chat;

import java.util.Objects;

/** One part of a message's content: text, or an image for vision-capable models. */
public sealed interface ChatPart {

  /** Text. */
  record Text(String text) implements ChatPart {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * An image by URL ({@code https:} or a {@code data:} URL), with OpenAI's {@code detail}: {@code
   * auto}, {@code low} or {@code high}.
   */
  record ImageUrl(String url, String detail) implements ChatPart {
    public ImageUrl {
      Objects.requireNonNull(url, "url");
      detail = detail == null ? "auto" : detail;
    }
  }
}
