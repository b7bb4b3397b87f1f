package ai.omnix.pipeline.generation.route;

import ai.omnix.pipeline.generation.catalog.CatalogModel;
import ai.omnix.pipeline.generation.catalog.ModelCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Picks where a generation request goes: the routes that can serve it, cheapest first. An explicit
 * model limits the routes to that model's endpoints; otherwise every model with the capability and
 * within the tenant's budget competes. Only providers configured here (with a key) are routes.
 * Health is not decided here: the caller skips an endpoint whose circuit is open (see {@link
 * ai.omnix.pipeline.providers.guard.ProviderGuards}) and fails over to the next. Immutable and
 * thread-safe.
 */
public final class ModelRouter {
  private final ModelCatalog catalog;
  private final Set<String> configuredProviders;

  public ModelRouter(ModelCatalog catalog, Set<String> configuredProviders) {
    this.catalog = catalog;
    this.configuredProviders = Set.copyOf(configuredProviders);
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  /** The routes in the order to try them; never empty. */
  public List<Route> routes(GenerationSpec spec) throws RoutingException {
    List<CatalogModel> models;
    if (spec.model() != null) {
      CatalogModel model =
          catalog
              .model(spec.model())
              .orElseThrow(
                  () ->
                      new RoutingException(
                          "unknown_model",
                          "params.model",
                          "There is no model '"
                              + abbreviate(spec.model())
                              + "'. Known models for "
                              + spec.capability().wireName()
                              + ": "
                              + catalog.withCapability(spec.capability()).stream()
                                  .map(CatalogModel::id)
                                  .toList()
                              + "."));
      if (!model.capabilities().contains(spec.capability())) {
        throw new RoutingException(
            "model_lacks_capability",
            "params.model",
            "Model '" + model.id() + "' cannot do " + spec.capability().wireName() + ".");
      }
      checkLimits(model, spec);
      models = List.of(model);
    } else {
      models =
          catalog.withCapability(spec.capability()).stream()
              .filter(m -> withinLimits(m, spec))
              .toList();
      if (models.isEmpty()) {
        throw new RoutingException(
            "no_model_for_request",
            "params",
            "No model can make "
                + spec.capability().wireName()
                + " with these count and duration values.");
      }
    }
    List<Route> routes = new ArrayList<>();
    for (CatalogModel model : models) {
      for (CatalogModel.Endpoint endpoint : model.endpoints()) {
        if (configuredProviders.contains(endpoint.provider())) {
          routes.add(
              new Route(
                  model, endpoint, model.credits(endpoint, spec.count(), spec.durationSeconds())));
        }
      }
    }
    if (routes.isEmpty()) {
      throw new RoutingException(
          "no_provider_configured",
          spec.model() != null ? "params.model" : "params",
          "No provider serving "
              + (spec.model() != null ? "model '" + spec.model() + "'" : "this request")
              + " is configured on this pipeline.");
    }
    routes.sort(Comparator.comparingLong(Route::credits).thenComparing(Route::key));
    if (spec.maxCredits() != null) {
      List<Route> affordable =
          routes.stream().filter(r -> r.credits() <= spec.maxCredits()).toList();
      if (affordable.isEmpty()) {
        throw new RoutingException(
            "over_budget",
            "params.max_credits",
            "The cheapest route costs "
                + routes.get(0).credits()
                + " credits, more than max_credits "
                + spec.maxCredits()
                + ".");
      }
      return affordable;
    }
    return List.copyOf(routes);
  }

  /**
   * The credits to reserve at submission: the dearest route the job may end up on, so failover
   * never overdraws.
   */
  public long estimate(GenerationSpec spec) throws RoutingException {
    return routes(spec).stream().mapToLong(Route::credits).max().orElse(0);
  }

  private static void checkLimits(CatalogModel model, GenerationSpec spec) throws RoutingException {
    if (spec.count() > model.maxCount()) {
      throw new RoutingException(
          "exceeds_model_limits",
          "params.count",
          "Model '" + model.id() + "' makes at most " + model.maxCount() + " per request.");
    }
    if (spec.durationSeconds() > model.maxDurationSeconds()) {
      throw new RoutingException(
          "exceeds_model_limits",
          "params.duration_s",
          "Model '" + model.id() + "' makes at most " + model.maxDurationSeconds() + " s.");
    }
  }

  private static boolean withinLimits(CatalogModel model, GenerationSpec spec) {
    return spec.count() <= model.maxCount() && spec.durationSeconds() <= model.maxDurationSeconds();
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
