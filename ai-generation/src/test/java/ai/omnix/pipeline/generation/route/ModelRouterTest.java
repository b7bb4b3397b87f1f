package ai.omnix.pipeline.generation.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.omnix.pipeline.generation.catalog.ModelCatalog;
import ai.omnix.pipeline.generation.provider.Capability;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The router over the bundled catalog, as the embedded default and a fully keyed deployment would
 * see it.
 */
class ModelRouterTest {
  private static final ModelCatalog CATALOG = ModelCatalog.bundled();
  private final ModelRouter everything =
      new ModelRouter(CATALOG, Set.of("offline", "openai", "google", "fal"));
  private final ModelRouter online = new ModelRouter(CATALOG, Set.of("openai", "google", "fal"));

  @Test
  void byCapabilityTheCheapestRouteComesFirst() throws Exception {
    assertThat(online.routes(new GenerationSpec(Capability.IMAGE, null, null, 1, 0)))
        .extracting(Route::key)
        .startsWith(
            "fal/fal-ai/flux/schnell", "fal/fal-ai/flux/dev", "google/imagen-4.0-generate-001");
  }

  @Test
  void anExplicitModelFailsOverAcrossItsEndpointsCheapestFirst() throws Exception {
    assertThat(online.routes(new GenerationSpec(Capability.VIDEO, "veo-3", null, 1, 8)))
        .extracting(Route::key, Route::credits)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("google/veo-3.0-generate-001", 3200L),
            org.assertj.core.groups.Tuple.tuple("fal/fal-ai/veo3", 4000L));
  }

  @Test
  void aBudgetKeepsOnlyRoutesWithinIt() throws Exception {
    assertThat(online.routes(new GenerationSpec(Capability.IMAGE, null, 30L, 2, 0)))
        .extracting(Route::key)
        .containsExactly("fal/fal-ai/flux/schnell");

    RoutingException e =
        catchThrowableOfType(
            RoutingException.class,
            () -> online.routes(new GenerationSpec(Capability.IMAGE, "gpt-image-1", 10L, 1, 0)));
    assertThat(e.code()).isEqualTo("over_budget");
    assertThat(e.field()).isEqualTo("params.max_credits");
  }

  @Test
  void theEstimateReservesTheDearestRouteTheJobMayFailOverTo() throws Exception {
    assertThat(online.estimate(new GenerationSpec(Capability.VIDEO, "veo-3", null, 1, 8)))
        .isEqualTo(4000);
  }

  @Test
  void freeOfflineModelsWinOnCostWhenTheyAreOn() throws Exception {
    assertThat(everything.routes(new GenerationSpec(Capability.IMAGE, null, 0L, 1, 0)))
        .extracting(Route::key)
        .containsExactly("offline/offline-image");
  }

  @Test
  void refusesWhatNoRouteCanServeWithAStableCode() {
    assertThat(
            code(
                () ->
                    online.routes(
                        new GenerationSpec(Capability.IMAGE, "no-such-model", null, 1, 0))))
        .isEqualTo("unknown_model");
    assertThat(
            code(
                () ->
                    online.routes(
                        new GenerationSpec(Capability.VIDEO, "flux-schnell", null, 1, 5))))
        .isEqualTo("model_lacks_capability");
    assertThat(
            code(() -> online.routes(new GenerationSpec(Capability.VIDEO, "veo-3", null, 1, 20))))
        .isEqualTo("exceeds_model_limits");
    assertThat(
            code(
                () ->
                    new ModelRouter(CATALOG, Set.of("offline"))
                        .routes(new GenerationSpec(Capability.IMAGE, "gpt-image-1", null, 1, 0))))
        .isEqualTo("no_provider_configured");
  }

  private static String code(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return catchThrowableOfType(RoutingException.class, call).code();
  }
}
