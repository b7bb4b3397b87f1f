package ai.omnix.pipeline.store.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.FollowUp;
import ai.omnix.pipeline.core.job.QueueClass;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResolvedFollowUpTest {
  private final ResolvedFollowUp thumbnail =
      new ResolvedFollowUp(
          "thumbnail",
          Map.of("token", "hidden", "sizes", "160"),
          FollowUp.Source.OUTPUT,
          QueueClass.LIGHT,
          2,
          Set.of("token"),
          1,
          List.of());
  private final ResolvedFollowUp transcode =
      new ResolvedFollowUp(
          "transcode",
          Map.of("height", 720),
          FollowUp.Source.SOURCE,
          QueueClass.HEAVY,
          3,
          Set.of(),
          5,
          List.of(thumbnail));

  @Test
  void readsBackWhatItStores() {
    assertThat(ResolvedFollowUp.fromStored(transcode.toStored())).isEqualTo(transcode);
    assertThat(transcode.toStored())
        .containsEntry("input", "source")
        .containsEntry("queue_class", "heavy")
        .containsEntry("credits_estimated", 5L);
  }

  @Test
  void readsARowWrittenBeforeEstimatesAndSecretsWereStoredAsNone() {
    ResolvedFollowUp old =
        ResolvedFollowUp.fromStored(
            Map.of(
                "type", "probe",
                "params", Map.of(),
                "input", "output",
                "queue_class", "light",
                "max_attempts", 3));
    assertThat(old.creditsEstimated()).isZero();
    assertThat(old.secretParams()).isEmpty();
    assertThat(old.followUps()).isEmpty();
    assertThat(old.input()).isEqualTo(FollowUp.Source.OUTPUT);
  }

  @Test
  void dropsWriteOnlyValuesAtEveryDepthAndIsItselfWhenItHasNone() {
    ResolvedFollowUp shown = transcode.withoutSecrets();
    assertThat(shown.followUps().get(0).params()).isEqualTo(Map.of("sizes", "160"));
    assertThat(shown.params()).isEqualTo(Map.of("height", 720));
    assertThat(shown.withoutSecrets()).isSameAs(shown);
  }
}
