package ai.omnix.pipeline.generation.job;

import ai.omnix.pipeline.core.billing.plan.ModelTier;
import ai.omnix.pipeline.core.billing.plan.ModelTiers;
import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.route.ModelRouter;
import ai.omnix.pipeline.generation.route.Route;
import ai.omnix.pipeline.generation.route.RoutingException;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * The tier of the model a generation job runs on, for billing at submit: the named model's, or,
 * when the job names none, the highest tier among the routes the router may take (the estimate is
 * the dearest of them too). An image job without a model is judged on the plain image routes.
 */
public final class GenerationModelTiers implements ModelTiers {
  private final ModelRouter router;

  public GenerationModelTiers(ModelRouter router) {
    this.router = router;
  }

  @Override
  public Optional<ModelTier> tierOf(String jobType, Map<String, Object> params) {
    Capability capability;
    if (GenerationJobType.IMAGE.equals(jobType)) {
      capability = Capability.IMAGE;
    } else if (GenerationJobType.VIDEO.equals(jobType)) {
      capability = Capability.VIDEO;
    } else {
      return Optional.empty();
    }
    if (params.get(GenerationRequest.MODEL) instanceof String model) {
      return router.catalog().model(model).map(m -> m.tier());
    }
    try {
      return router.routes(GenerationRequest.parse(capability, params).spec()).stream()
          .map(Route::model)
          .map(m -> m.tier())
          .max(Comparator.naturalOrder());
    } catch (RoutingException | RuntimeException e) {
      return Optional.empty(); // refused by validation already; nothing to add here
    }
  }
}
