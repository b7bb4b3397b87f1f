package ai.omnix.pipeline.chat.catalog;

import ai.omnix.pipeline.core.provider.ModelDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chat models as {@code GET /v1/models} lists them, next to the generation models: OpenAI's
 * model fields ({@code id}, {@code object}, {@code created}, {@code owned_by}) plus ours
 * (capabilities {@code chat} and {@code vision}, tier, context window, price, endpoints and whether
 * a configured provider serves them here).
 */
public final class ChatModelDirectory implements ModelDirectory {
  private final ChatModelCatalog catalog;
  private final Set<String> configuredProviders;

  public ChatModelDirectory(ChatModelCatalog catalog, Set<String> configuredProviders) {
    this.catalog = catalog;
    this.configuredProviders = Set.copyOf(configuredProviders);
  }

  @Override
  public List<Map<String, Object>> models() {
    List<Map<String, Object>> models = new ArrayList<>();
    for (ChatModel m : catalog.all()) {
      Map<String, Object> wire = new LinkedHashMap<>();
      wire.put("id", m.id());
      wire.put("object", "model");
      wire.put("created", 0);
      wire.put("owned_by", m.endpoints().get(0).provider());
      wire.put("description", m.description());
      wire.put("capabilities", m.vision() ? List.of("chat", "vision") : List.of("chat"));
      wire.put("tier", m.tier().wireName());
      wire.put("context_window", m.contextWindow());
      wire.put("max_output_tokens", m.maxOutputTokens());
      Map<String, Object> credits = new LinkedHashMap<>();
      credits.put("per_message", m.price().perMessage());
      credits.put("per_1k_prompt_tokens", m.price().per1kPromptTokens());
      credits.put("per_1k_completion_tokens", m.price().per1kCompletionTokens());
      wire.put("credits", credits);
      boolean available = false;
      List<Map<String, Object>> endpoints = new ArrayList<>();
      for (ChatModel.Endpoint e : m.endpoints()) {
        boolean on = configuredProviders.contains(e.provider());
        available |= on;
        endpoints.add(Map.of("provider", e.provider(), "available", on));
      }
      wire.put("available", available);
      wire.put("endpoints", endpoints);
      models.add(wire);
    }
    return models;
  }
}
