package ai.omnix.pipeline.providers.chat;

import ai.omnix.pipeline.core.chat.ChatProviderException.Kind;
import ai.omnix.pipeline.providers.http.ProviderHttp;
import java.net.URI;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** What the chat APIs share: paths under a base URL, JSON chunks, data URLs. */
final class ChatUris {
  private ChatUris() {}

  /** {@code path} under the base URL's path, whether or not it ends with a slash. */
  static URI under(URI base, String path) {
    String b = base.toString();
    return URI.create(b.endsWith("/") ? b + path : b + "/" + path);
  }

  /** One event's data as a JSON object, or a malformed-chunk failure. */
  static JsonNode object(ProviderHttp http, String data, String provider)
      throws ChatApi.ChatFailure {
    JsonNode node = http.parse(data);
    if (!node.isObject()) {
      throw new ChatApi.ChatFailure(
          Kind.MALFORMED, provider + " sent a chunk that is not a JSON object");
    }
    return node;
  }

  /** A {@code data:<type>;base64,<data>} URL's media type and data. */
  record DataUrl(String mediaType, String base64) {}

  static Optional<DataUrl> dataUrl(String url) {
    if (!url.startsWith("data:")) {
      return Optional.empty();
    }
    int comma = url.indexOf(',');
    int semi = url.indexOf(";base64");
    if (comma < 0 || semi < 0 || semi > comma) {
      return Optional.empty();
    }
    String data = url.substring(comma + 1);
    try {
      Base64.getDecoder().decode(data.substring(0, Math.min(data.length(), 64) & ~3));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(new DataUrl(url.substring(5, semi), data));
  }
}
