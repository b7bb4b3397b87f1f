package ai.omnix.pipeline.core.billing.plan;

import static ai.omnix.pipeline.core.billing.Feature.AGENTS;
import static ai.omnix.pipeline.core.billing.Feature.FILE_PROCESSING;
import static ai.omnix.pipeline.core.billing.Feature.IMAGE;
import static ai.omnix.pipeline.core.billing.Feature.INTERNAL;
import static ai.omnix.pipeline.core.billing.Feature.TEXT;
import static ai.omnix.pipeline.core.billing.Feature.VIDEO;
import static ai.omnix.pipeline.core.billing.Feature.VOICE;

import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.billing.Usd;
import ai.omnix.pipeline.core.tenant.Plan;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The published plans as data (PRODUCT.md), the one place that says what each plan includes:
 *
 * <table>
 *   <tr><th>plan</th><th>price</th><th>text</th><th>image</th><th>video</th><th>files</th>
 *       <th>agents, voice</th><th>premium models</th><th>uploads</th></tr>
 *   <tr><td>free</td><td>$0</td><td>5/day, then credits</td><td>credits</td><td>—</td>
 *       <td>credits</td><td>—</td><td>—</td><td>10 MB</td></tr>
 *   <tr><td>student</td><td>$4.99/month</td><td>500/month, then credits</td>
 *       <td>10/month, then credits</td><td>—</td><td>credits</td><td>—</td><td>text</td>
 *       <td>10 MB</td></tr>
 *   <tr><td>pro</td><td>$19.99/month</td><td>unlimited</td><td>credits</td><td>credits</td>
 *       <td>credits</td><td>credits</td><td>all</td><td>2 GB</td></tr>
 *   <tr><td>team</td><td>$49.99/seat/month</td><td colspan="6">pro, per seat (allowances × seats)</td>
 *       <td>5 GB</td></tr>
 *   <tr><td>enterprise</td><td>negotiated</td><td colspan="6">pro, with per-tenant overrides of every
 *       limit and price</td><td>20 GB</td></tr>
 * </table>
 *
 * "Credits" means the feature is paid unit by unit at its list price; internal work (smoke tests,
 * operators' runs) is never charged.
 */
public final class PlanCatalog {
  private static final long MB = 1024L * 1024;
  private static final Map<Plan, PlanDefaults> PLANS = new EnumMap<>(Plan.class);

  static {
    put(
        new PlanDefaults(
            Plan.FREE,
            Usd.ZERO,
            false,
            access(
                Access.allowance(5, AllowancePeriod.DAY),
                Access.CREDITS,
                Access.NOT_INCLUDED,
                Access.NOT_INCLUDED),
            Set.of(),
            10 * MB));
    put(
        new PlanDefaults(
            Plan.STUDENT,
            Usd.parse("4.99"),
            false,
            access(
                Access.allowance(500, AllowancePeriod.MONTH),
                Access.allowance(10, AllowancePeriod.MONTH),
                Access.NOT_INCLUDED,
                Access.NOT_INCLUDED),
            Set.of(TEXT),
            10 * MB));
    Map<Feature, Access> pro =
        access(Access.UNLIMITED, Access.CREDITS, Access.CREDITS, Access.CREDITS);
    Set<Feature> all = Set.of(TEXT, IMAGE, VIDEO, FILE_PROCESSING, AGENTS, VOICE);
    put(new PlanDefaults(Plan.PRO, Usd.parse("19.99"), false, pro, all, 2048 * MB));
    put(new PlanDefaults(Plan.TEAM, Usd.parse("49.99"), true, pro, all, 5120 * MB));
    put(new PlanDefaults(Plan.ENTERPRISE, null, false, pro, all, 20480 * MB));
  }

  private PlanCatalog() {}

  private static void put(PlanDefaults defaults) {
    PLANS.put(defaults.plan(), defaults);
  }

  private static Map<Feature, Access> access(
      Access text, Access image, Access video, Access agentsAndVoice) {
    Map<Feature, Access> access = new EnumMap<>(Feature.class);
    access.put(TEXT, text);
    access.put(IMAGE, image);
    access.put(VIDEO, video);
    access.put(FILE_PROCESSING, Access.CREDITS);
    access.put(AGENTS, agentsAndVoice);
    access.put(VOICE, agentsAndVoice);
    access.put(INTERNAL, Access.UNLIMITED);
    return access;
  }

  public static PlanDefaults defaults(Plan plan) {
    return PLANS.get(plan);
  }

  public static Entitlements entitlements(Plan plan, int seats, EntitlementOverrides overrides) {
    return Entitlements.of(defaults(plan), seats, overrides);
  }

  public static Entitlements entitlements(Plan plan) {
    return entitlements(plan, 1, EntitlementOverrides.NONE);
  }

  /**
   * The cheapest published plan that offers a feature (with premium models, when asked), for a 403
   * that tells the tenant what to upgrade to.
   */
  public static Optional<Plan> cheapestPlanOffering(Feature feature, ModelTier tier) {
    for (Plan plan : List.of(Plan.FREE, Plan.STUDENT, Plan.PRO, Plan.TEAM, Plan.ENTERPRISE)) {
      PlanDefaults defaults = PLANS.get(plan);
      if (defaults.access().getOrDefault(feature, Access.NOT_INCLUDED).offered()
          && (tier == ModelTier.BASIC || defaults.premiumModels().contains(feature))) {
        return Optional.of(plan);
      }
    }
    return Optional.empty();
  }
}
