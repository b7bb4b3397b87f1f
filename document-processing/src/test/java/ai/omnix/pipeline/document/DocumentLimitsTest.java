package ai.omnix.pipeline.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.tenant.Plan;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentLimitsTest {

  @Test
  void everyPlanHasDefaultsThatNeverShrinkAsThePlanGrows() {
    DocumentLimits limits = DocumentLimits.defaults();
    PlanLimits previous = null;
    for (Plan plan : Plan.values()) {
      PlanLimits current = limits.forPlan(plan);
      assertThat(current.plan()).isEqualTo(plan);
      if (previous != null) {
        assertThat(current.maxPages())
            .as(plan.wireName())
            .isGreaterThanOrEqualTo(previous.maxPages());
        assertThat(current.maxImagePixels())
            .as(plan.wireName())
            .isGreaterThanOrEqualTo(previous.maxImagePixels());
      }
      previous = current;
    }
    assertThat(limits.forPlan(Plan.FREE).maxPages())
        .isLessThan(limits.forPlan(Plan.PRO).maxPages());
  }

  @Test
  void aPlanLeftOutOfTheConfigurationKeepsItsDefault() {
    DocumentLimits limits =
        new DocumentLimits(
            1_000,
            Map.of(Plan.FREE, 3),
            Map.of(Plan.TEAM, 7L),
            DocumentLimits.DEFAULT_TIME_LIMIT,
            null);

    assertThat(limits.forPlan(Plan.FREE).maxPages()).isEqualTo(3);
    assertThat(limits.forPlan(Plan.PRO).maxPages())
        .isEqualTo(DocumentLimits.DEFAULT_MAX_PAGES.get(Plan.PRO));
    assertThat(limits.forPlan(Plan.TEAM).maxImagePixels()).isEqualTo(7L);
    assertThat(limits.forPlan(Plan.FREE).maxImagePixels())
        .isEqualTo(DocumentLimits.DEFAULT_MAX_IMAGE_PIXELS.get(Plan.FREE));
  }

  @Test
  void anUnknownPlanGetsTheSmallestLimitOfAllPlans() {
    DocumentLimits limits =
        DocumentLimits.defaults()
            .withMaxPages(Plan.ENTERPRISE, 1)
            .withMaxImagePixels(Plan.STUDENT, 10L);

    assertThat(limits.forPlan(null)).isEqualTo(new PlanLimits(null, 1, 10L));
  }

  @Test
  void refusesNonPositiveLimits() {
    assertThatThrownBy(() -> DocumentLimits.defaults().withMaxPages(Plan.STUDENT, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("student");
    assertThatThrownBy(() -> DocumentLimits.defaults().withMaxImagePixels(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failsTooManyPagesNamingThePlanAndItsLimit() {
    PlanLimits free = new PlanLimits(Plan.FREE, 50, 1_000L);

    assertThatCode(() -> free.requirePages(50)).doesNotThrowAnyException();
    assertThatThrownBy(() -> free.requirePages(51))
        .isInstanceOfSatisfying(
            JobFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(DocumentFailures.TOO_MANY_PAGES);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("51 pages", "free plan", "at most 50 pages");
            });
  }

  @Test
  void checksPixelCountsWithoutOverflowingOnAbsurdDimensions() {
    PlanLimits limits = new PlanLimits(Plan.PRO, 10, 1_000L);

    assertThatCode(() -> limits.requirePixels(40, 25)).doesNotThrowAnyException();
    long[][] refused = {
      {41, 25}, {0, 10}, {10, -1}, {Long.MAX_VALUE, Long.MAX_VALUE}, {1L << 32, 1L << 32}
    };
    for (long[] size : refused) {
      assertThatThrownBy(() -> limits.requirePixels(size[0], size[1]))
          .as("%dx%d", size[0], size[1])
          .isInstanceOfSatisfying(
              JobFailedException.class,
              e -> assertThat(e.code()).isEqualTo(DocumentFailures.IMAGE_TOO_LARGE));
    }
  }
}
