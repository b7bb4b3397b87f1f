package ai.omnix.pipeline.generation.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.billing.plan.ModelTier;
import ai.omnix.pipeline.generation.catalog.ModelCatalog;
import ai.omnix.pipeline.generation.route.ModelRouter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenerationModelTiersTest {
  private static final ModelCatalog CATALOG = ModelCatalog.bundled();

  private static GenerationModelTiers tiers(String... providers) {
    return new GenerationModelTiers(new ModelRouter(CATALOG, Set.of(providers)));
  }

  @Test
  void aNamedModelHasTheCatalogsTier() {
    GenerationModelTiers tiers = tiers("openai", "fal", "google", "offline");
    assertThat(tiers.tierOf("generate-image", Map.of("prompt", "x", "model", "gpt-image-1")))
        .contains(ModelTier.PREMIUM);
    assertThat(tiers.tierOf("generate-image", Map.of("prompt", "x", "model", "flux-schnell")))
        .contains(ModelTier.BASIC);
    assertThat(tiers.tierOf("generate-video", Map.of("prompt", "x", "model", "veo-3")))
        .contains(ModelTier.PREMIUM);
    assertThat(tiers.tierOf("generate-video", Map.of("prompt", "x", "model", "offline-video")))
        .contains(ModelTier.BASIC);
  }

  @Test
  void withoutAModelTheHighestTierAmongTheRoutesItMayTakeCounts() {
    assertThat(tiers("openai", "fal").tierOf("generate-image", Map.of("prompt", "x")))
        .contains(ModelTier.PREMIUM);
    assertThat(tiers("offline").tierOf("generate-image", Map.of("prompt", "x")))
        .contains(ModelTier.BASIC);
    // a budget that only the basic models fit keeps the premium ones off the routes
    assertThat(
            tiers("openai", "fal")
                .tierOf("generate-image", Map.of("prompt", "x", "max_credits", 3)))
        .contains(ModelTier.BASIC);
  }

  @Test
  void otherJobTypesAndUnknownModelsHaveNoTier() {
    GenerationModelTiers tiers = tiers("openai");
    assertThat(tiers.tierOf("transcode", Map.of("preset", "web-720p"))).isEqualTo(Optional.empty());
    assertThat(tiers.tierOf("generate-image", Map.of("prompt", "x", "model", "nope"))).isEmpty();
    assertThat(tiers.tierOf("generate-image", Map.of("prompt", "x", "model", "flux-schnell")))
        .contains(ModelTier.BASIC);
  }

  @Test
  void theCatalogRefusesAnUnknownTier() {
    String json =
        """
        {"models":[{"id":"m","unit":"image","capabilities":["image"],"tier":"gold",
          "endpoints":[{"provider":"p","provider_model":"m","credits_per_unit":1}]}]}""";
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ModelCatalog.read(
                    new java.io.ByteArrayInputStream(
                        json.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .hasMessageContaining("tier");
  }
}
