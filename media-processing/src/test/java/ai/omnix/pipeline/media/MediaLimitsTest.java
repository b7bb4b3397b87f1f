package ai.omnix.pipeline.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.tenant.Plan;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaLimitsTest {
  @Test
  void everyPlanHasADefaultLongestSource() {
    MediaLimits limits = MediaLimits.defaults();
    assertThat(limits.maxSourceDuration(Plan.FREE)).isEqualTo(Duration.ofMinutes(10));
    assertThat(limits.maxSourceDuration(Plan.STUDENT)).isEqualTo(Duration.ofMinutes(30));
    assertThat(limits.maxSourceDuration(Plan.PRO)).isEqualTo(Duration.ofHours(2));
    assertThat(limits.maxSourceDuration(Plan.TEAM)).isEqualTo(Duration.ofHours(4));
    assertThat(limits.maxSourceDuration(Plan.ENTERPRISE)).isEqualTo(Duration.ofHours(8));
  }

  @Test
  void aPlanLeftOutKeepsItsDefaultAndAnUnknownPlanGetsTheSmallestLimit() {
    MediaLimits limits =
        new MediaLimits(
            Duration.ofSeconds(30),
            Duration.ofHours(6),
            Map.of(Plan.FREE, Duration.ofMinutes(5)),
            16_384,
            1L << 26);
    assertThat(limits.maxSourceDuration(Plan.FREE)).isEqualTo(Duration.ofMinutes(5));
    assertThat(limits.maxSourceDuration(Plan.TEAM)).isEqualTo(Duration.ofHours(4));
    assertThat(limits.maxSourceDuration(null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(
            new MediaLimits(
                    Duration.ofSeconds(30),
                    Duration.ofHours(6),
                    (Map<Plan, Duration>) null,
                    16_384,
                    1L << 26)
                .maxSourceDuration())
        .hasSize(Plan.values().length);
    assertThatThrownBy(
            () ->
                new MediaLimits(
                    Duration.ofSeconds(30),
                    Duration.ofHours(6),
                    Map.of(Plan.PRO, Duration.ZERO),
                    16_384,
                    1L << 26))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tooLongNamesThePlanAndItsLimit() {
    MediaLimits limits = MediaLimits.defaults();
    limits.requireDurationWithin(600, Plan.FREE);
    JobFailedException e =
        catchThrowableOfType(
            JobFailedException.class, () -> limits.requireDurationWithin(600.5, Plan.FREE));
    assertThat(e.code()).isEqualTo("media_too_long");
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("free plan", "at most 10 min");
    limits.requireDurationWithin(600.5, Plan.STUDENT);
    assertThat(
            catchThrowableOfType(
                    JobFailedException.class,
                    () -> limits.requireDurationWithin(5401, Plan.STUDENT))
                .getMessage())
        .isEqualTo(
            "The media lasts 1 h 30 min 1 s; the student plan processes media of at most 30 min.");
  }
}
