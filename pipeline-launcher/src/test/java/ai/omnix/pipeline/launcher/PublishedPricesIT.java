package ai.omnix.pipeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.billing.pricing.JobTypePricing;
import ai.omnix.pipeline.core.billing.CreditPricing;
import ai.omnix.pipeline.core.billing.Credits;
import ai.omnix.pipeline.core.billing.Feature;
import ai.omnix.pipeline.core.billing.PriceRange;
import ai.omnix.pipeline.core.billing.Usd;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.generation.catalog.CatalogModel;
import ai.omnix.pipeline.generation.catalog.ModelCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The published price ranges (text 0.1–1 per message, image 1–5 per image, video 10–50 per video,
 * file processing 0.5–5 per file) held against what really runs: every job type registered in the
 * application and every endpoint of the bundled model catalog, priced by the conversion of {@link
 * CreditPricing}, must be sellable inside its range at no less than cost × 1.2.
 */
class PublishedPricesIT extends PipelineTestSupport {

  @Autowired JobTypeRegistry registry;

  @Test
  void everyRegisteredJobTypeIsSoldAsAFeatureWithinItsPublishedRange() {
    List<String> problems = new ArrayList<>();
    for (JobType type : registry.types()) {
      var feature = JobTypePricing.feature(type.name());
      if (feature.isEmpty()) {
        problems.add(type.name() + ": no feature; add it to JobTypePricing");
        continue;
      }
      if (feature.get() == Feature.INTERNAL
          || feature.get() == Feature.IMAGE
          || feature.get() == Feature.VIDEO) {
        continue; // internal work is free; generation is priced per catalog model below
      }
      long legacy =
          type.estimateCredits(
              new JobSubmission(type.name(), JobInput.asset("ast_x"), Map.of(), null, Map.of(), 0));
      Credits price = JobTypePricing.priceOfLegacyEstimate(feature.get(), legacy);
      CreditPricing.violations(feature.get(), price, CreditPricing.legacyCatalogCost(legacy))
          .forEach(v -> problems.add(type.name() + ": " + v));
    }
    assertThat(problems).isEmpty();
    assertThat(registry.types()).extracting(JobType::name).contains("billing-reconciliation");
  }

  @Test
  void everyCatalogEndpointCanBeSoldInsideItsRangeAtTheMinimumMargin() {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (CatalogModel model : ModelCatalog.bundled().all()) {
      boolean video = model.unit().equals("second");
      Feature feature = video ? Feature.VIDEO : Feature.IMAGE;
      for (CatalogModel.Endpoint endpoint : model.endpoints()) {
        // a video is one unit of the range whatever its length; an image is one unit each
        int longest = video ? model.maxDurationSeconds() : 1;
        for (int seconds = 1; seconds <= longest; seconds++) {
          Usd cost = CreditPricing.legacyCatalogCost(model.credits(endpoint, 1, seconds));
          Credits price = CreditPricing.listPrice(feature, cost);
          for (String v : CreditPricing.violations(feature, price, cost)) {
            problems.add(model.id() + " via " + endpoint.key() + " (" + seconds + " s): " + v);
          }
          assertThat(PriceRange.of(feature).orElseThrow().contains(price)).isTrue();
          checked++;
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(checked).as("every endpoint and length checked").isGreaterThan(20);
  }
}
