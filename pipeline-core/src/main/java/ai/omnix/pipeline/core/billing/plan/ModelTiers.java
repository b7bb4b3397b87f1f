package ai.omnix.pipeline.core.billing.plan;

import java.util.Map;
import java.util.Optional;

/**
 * Which tier of model a job would run on, asked by billing when the job is accepted so that a plan
 * without premium models refuses a premium one at submit ({@code 403 plan_does_not_include}).
 * Implemented by the module that owns the models (generation: its catalog and router).
 *
 * <p>Contract: a pure lookup, thread-safe, no I/O. A job type the implementation does not know, or
 * parameters it cannot resolve (they were validated before, so this only happens when the catalog
 * changed in between), answer empty, which billing treats as {@link ModelTier#BASIC}. When the
 * parameters name no model and the job may be routed to several, the answer is the highest tier
 * among them: the estimate is the dearest route too, and a job is never priced or admitted below
 * what it may end up using.
 */
@FunctionalInterface
public interface ModelTiers {

  /** No job runs on a tiered model. */
  ModelTiers NONE = (jobType, params) -> Optional.empty();

  Optional<ModelTier> tierOf(String jobType, Map<String, Object> params);
}
