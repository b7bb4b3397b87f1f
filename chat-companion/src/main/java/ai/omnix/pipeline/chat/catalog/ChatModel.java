package ai.omnix.pipeline.chat.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A chat model tenants ask for by {@link #id()}, with its limits, its price and the provider
 * endpoints that serve it.
 *
 * @param contextWindow tokens of prompt plus reply the model accepts
 * @param maxOutputTokens the longest reply it generates
 * @param tokenizer {@code o200k_base} or {@code cl100k_base} (counted exactly with jtokkit), or
 *     {@code estimate} for models whose tokenizer is not public (see {@code Tokenizers})
 */
public record ChatModel(
    String id,
    String description,
    Tier tier,
    int contextWindow,
    int maxOutputTokens,
    boolean vision,
    String tokenizer,
    Price price,
    List<Endpoint> endpoints) {

  public ChatModel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(price, "price");
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("chat model " + id + " has no endpoint");
    }
    if (contextWindow < 256 || maxOutputTokens < 1 || maxOutputTokens >= contextWindow) {
      throw new IllegalArgumentException(
          "chat model " + id + ": needs context_window >= 256 and 1 <= max_output_tokens < it");
    }
  }

  /** Plans decide which tiers a tenant may use (Free: basic only). */
  public enum Tier {
    BASIC,
    PREMIUM;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A provider serving the model, under the provider's own model id. */
  public record Endpoint(String provider, String providerModel) {
    public Endpoint {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(providerModel, "providerModel");
    }

    public String key() {
      return provider + "/" + providerModel;
    }
  }

  /** Credits per message: a base price plus prompt and reply tokens, per thousand. */
  public record Price(
      BigDecimal perMessage, BigDecimal per1kPromptTokens, BigDecimal per1kCompletionTokens) {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    public Price {
      for (BigDecimal part : List.of(perMessage, per1kPromptTokens, per1kCompletionTokens)) {
        if (part.signum() < 0) {
          throw new IllegalArgumentException("negative price");
        }
      }
    }

    /**
     * What a reply costs: the tokens really generated (a reply cut short costs what it generated,
     * never nothing and never the whole estimate), to six decimal places.
     */
    public BigDecimal credits(int promptTokens, int completionTokens) {
      return perMessage
          .add(per1kPromptTokens.multiply(BigDecimal.valueOf(promptTokens)).divide(THOUSAND))
          .add(
              per1kCompletionTokens.multiply(BigDecimal.valueOf(completionTokens)).divide(THOUSAND))
          .setScale(6, RoundingMode.HALF_UP);
    }
  }
}
