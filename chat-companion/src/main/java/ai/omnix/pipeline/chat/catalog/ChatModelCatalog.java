package ai.omnix.pipeline.chat.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The chat models, read once from {@code chat/models.json} (or an operator's own file). */
public final class ChatModelCatalog {
  private static final Set<String> TOKENIZERS = Set.of("o200k_base", "cl100k_base", "estimate");
  private final Map<String, ChatModel> models;
  private final List<String> order;

  public ChatModelCatalog(Collection<ChatModel> models) {
    Map<String, ChatModel> byId = new LinkedHashMap<>();
    for (ChatModel model : models) {
      if (byId.put(model.id(), model) != null) {
        throw new IllegalArgumentException("chat model " + model.id() + " is listed twice");
      }
    }
    this.models = Map.copyOf(byId);
    this.order = List.copyOf(byId.keySet());
  }

  public static ChatModelCatalog bundled() {
    try (InputStream in = ChatModelCatalog.class.getResourceAsStream("/chat/models.json")) {
      if (in == null) {
        throw new IllegalStateException("chat/models.json is missing from the classpath");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws IllegalArgumentException naming the model and field when the file is not a valid
   *     catalog
   */
  public static ChatModelCatalog read(InputStream in) {
    JsonNode root = JsonMapper.builder().build().readTree(in);
    List<ChatModel> models = new ArrayList<>();
    for (JsonNode m : root.path("models")) {
      String id = m.path("id").asText("");
      if (id.isBlank()) {
        throw new IllegalArgumentException("a chat model has no id");
      }
      String tokenizer = m.path("tokenizer").asText("estimate");
      if (!TOKENIZERS.contains(tokenizer)) {
        throw new IllegalArgumentException(
            "chat model " + id + ": tokenizer must be one of " + TOKENIZERS);
      }
      List<ChatModel.Endpoint> endpoints = new ArrayList<>();
      for (JsonNode e : m.path("endpoints")) {
        endpoints.add(
            new ChatModel.Endpoint(e.path("provider").asText(), e.path("provider_model").asText()));
      }
      JsonNode credits = m.path("credits");
      models.add(
          new ChatModel(
              id,
              m.path("description").asText(""),
              ChatModel.Tier.valueOf(m.path("tier").asText("basic").toUpperCase()),
              m.path("context_window").asInt(0),
              m.path("max_output_tokens").asInt(0),
              m.path("vision").asBoolean(false),
              tokenizer,
              new ChatModel.Price(
                  decimal(credits, "per_message"),
                  decimal(credits, "per_1k_prompt_tokens"),
                  decimal(credits, "per_1k_completion_tokens")),
              endpoints));
    }
    if (models.isEmpty()) {
      throw new IllegalArgumentException("the chat catalog lists no models");
    }
    return new ChatModelCatalog(models);
  }

  private static BigDecimal decimal(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNumber() ? value.decimalValue() : BigDecimal.ZERO;
  }

  public Optional<ChatModel> find(String id) {
    return Optional.ofNullable(id == null ? null : models.get(id));
  }

  /** Every model, in the file's order. */
  public List<ChatModel> all() {
    return order.stream().map(models::get).toList();
  }
}
