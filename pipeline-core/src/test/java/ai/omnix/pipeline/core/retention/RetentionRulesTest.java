package ai.omnix.pipeline.core.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.retention.AssetRetention.Mode;
import ai.omnix.pipeline.core.retention.RetentionRules.InvalidRetentionException;
import ai.omnix.pipeline.core.retention.RetentionRules.UploadRequest;
import ai.omnix.pipeline.core.tenant.Plan;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionRulesTest {
  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  private static final RetentionPolicy FREE = RetentionPolicy.PLAN_DEFAULTS.get(Plan.FREE);
  private static final RetentionPolicy KEEP_BY_DEFAULT =
      RetentionPolicy.effective(Plan.PRO, new RetentionOverride(null, null, Mode.POLICY));

  private static AssetRetention upload(String retention, String expiresAt, RetentionPolicy p) {
    return RetentionRules.forUpload(new UploadRequest(retention, expiresAt), p, NOW);
  }

  @Test
  void anUploadThatSaysNothingGetsTheTenantsUploadDefault() {
    assertThat(upload(null, null, FREE)).isEqualTo(AssetRetention.temporary(NOW));
    assertThat(upload(" ", "", FREE).expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
    assertThat(upload(null, null, KEEP_BY_DEFAULT)).isEqualTo(AssetRetention.policy());
    assertThat(RetentionRules.forUpload(null, FREE, NOW)).isEqualTo(AssetRetention.temporary(NOW));
  }

  @Test
  void anUploadMayAskForTemporaryPolicyOrADeadlineWithinThePolicy() {
    assertThat(upload("temporary", null, KEEP_BY_DEFAULT)).isEqualTo(AssetRetention.temporary(NOW));
    assertThat(upload("policy", null, FREE)).isEqualTo(AssetRetention.policy());
    assertThat(upload(null, "2026-01-20T00:00:00Z", FREE))
        .isEqualTo(AssetRetention.until(Instant.parse("2026-01-20T00:00:00Z")));
    assertThat(upload(null, "2026-01-20T02:00:00+02:00", FREE).expiresAt())
        .isEqualTo(Instant.parse("2026-01-20T00:00:00Z"));
    assertThat(upload(null, NOW.plus(Duration.ofDays(30)).toString(), FREE).mode())
        .isEqualTo(Mode.UNTIL);
  }

  @Test
  void refusesWhatItCannotReadAsMalformed() {
    for (String[] bad :
        new String[][] {
          {"forever", null},
          {"temporary", "2026-01-20T00:00:00Z"},
          {null, "next tuesday"},
          {null, "2026-01-20"},
          {null, "2026-01-20T00:00:00Z" + " ".repeat(80) + "x"}
        }) {
      assertThatThrownBy(() -> upload(bad[0], bad[1], FREE))
          .isInstanceOfSatisfying(
              InvalidRetentionException.class, e -> assertThat(e.malformed()).isTrue());
    }
  }

  @Test
  void refusesDeadlinesInThePastOrBeyondThePolicy() {
    assertThatThrownBy(() -> upload(null, NOW.toString(), FREE))
        .isInstanceOfSatisfying(
            InvalidRetentionException.class, e -> assertThat(e.malformed()).isFalse())
        .hasMessageContaining("in the future");
    assertThatThrownBy(
            () -> upload(null, NOW.plus(Duration.ofDays(30)).plusSeconds(1).toString(), FREE))
        .isInstanceOfSatisfying(
            InvalidRetentionException.class, e -> assertThat(e.malformed()).isFalse())
        .hasMessageContaining("at most 30 days ahead (the free plan's retention period)");
  }

  @Test
  void outputsInheritTheirSourceUnlessTheJobSaysOtherwise() {
    AssetRetention temporarySource = AssetRetention.temporary(NOW.minus(Duration.ofHours(3)));
    AssetRetention untilSource = AssetRetention.until(NOW.plus(Duration.ofDays(2)));
    Instant later = NOW.plus(Duration.ofMinutes(5));

    assertThat(RetentionRules.forOutput(temporarySource, JobRetention.INHERIT, later))
        .as("a transcode of a temporary upload goes with it")
        .isEqualTo(temporarySource);
    assertThat(RetentionRules.forOutput(untilSource, JobRetention.INHERIT, later))
        .isEqualTo(untilSource);
    assertThat(
            RetentionRules.forOutput(
                new AssetRetention(Mode.POLICY, NOW.plus(Duration.ofDays(30))),
                JobRetention.INHERIT,
                later))
        .isEqualTo(AssetRetention.policy());
    assertThat(RetentionRules.forOutput(null, JobRetention.INHERIT, later))
        .as("a generated file")
        .isEqualTo(AssetRetention.policy());
    assertThat(RetentionRules.forOutput(temporarySource, JobRetention.POLICY, later))
        .isEqualTo(AssetRetention.policy());
    assertThat(RetentionRules.forOutput(untilSource, JobRetention.TEMPORARY, later))
        .isEqualTo(AssetRetention.temporary(later));
  }
}
