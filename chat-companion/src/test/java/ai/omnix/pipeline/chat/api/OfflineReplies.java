package ai.omnix.pipeline.chat.api;

import java.util.ArrayList;
import java.util.List;

/** The offline model's first words for a conversation, as the tests expect them. */
final class OfflineReplies {
  private OfflineReplies() {}

  static List<String> first(int tokens, String newestUserMessage) {
    List<String> words = new ArrayList<>();
    for (String w :
        "This is offline-chat, a deterministic offline model (no provider was called). You said:"
            .split(" ")) {
      words.add(w);
    }
    String[] said = newestUserMessage.split(" ");
    for (int i = 0; i < said.length; i++) {
      words.add((i == 0 ? "\u201c" : "") + said[i] + (i == said.length - 1 ? "\u201d." : ""));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < tokens && i < words.size(); i++) {
      out.add(i == 0 ? words.get(i) : " " + words.get(i));
    }
    return out;
  }
}
