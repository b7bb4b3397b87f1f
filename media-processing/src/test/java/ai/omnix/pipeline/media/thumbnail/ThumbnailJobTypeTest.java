package ai.omnix.pipeline.media.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.Violation;
import ai.omnix.pipeline.media.thumbnail.ThumbnailRequest.Format;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThumbnailJobTypeTest {
  private final JobType type = ThumbnailJobType.TYPE;

  private static JobSubmission aThumbnailJob(Map<String, Object> params) {
    return new JobSubmission("thumbnail", JobInput.asset("a1"), params, null, null, 0);
  }

  @Test
  void isHeavyBecauseAVideoPosterDecodesFrames() {
    assertThat(type.queueClass()).isEqualTo(QueueClass.HEAVY);
    assertThat(type.acceptedInputs()).containsExactly(JobInput.Kind.ASSET);
  }

  @Test
  void sizesAreACommaListOfAtMostEightWidthsWithinBounds() {
    assertThat(
            type.validateFurther(aThumbnailJob(Map.of("sizes", "160, 320,640", "formats", "webp"))))
        .isEmpty();
    assertThat(type.validateFurther(aThumbnailJob(Map.of("sizes", "1,2,3,4,5,6,7,8,9"))))
        .extracting(Violation::field)
        .containsExactly("params.sizes");
    assertThat(type.validateFurther(aThumbnailJob(Map.of("sizes", "5000")))).hasSize(1);
    assertThat(type.validateFurther(aThumbnailJob(Map.of("sizes", "8")))).hasSize(1);
    assertThat(type.validateFurther(aThumbnailJob(Map.of("sizes", "160,,320")))).hasSize(1);
    assertThat(type.validateFurther(aThumbnailJob(Map.of("sizes", "-160")))).hasSize(1);
    assertThat(type.validateFurther(aThumbnailJob(Map.of("formats", "gif"))))
        .extracting(Violation::field)
        .containsExactly("params.formats");
    assertThat(type.paramsSchema().validate(Map.of("width", 8000))).hasSize(1);
    assertThat(type.paramsSchema().validate(Map.of("time_s", -1))).hasSize(1);
  }

  @Test
  void defaultsAreA1280x720PosterAndJpegAndWebpAt160320And640() {
    ThumbnailRequest r = ThumbnailRequest.fromParams(Map.of());
    assertThat(r.timeSeconds()).isNull();
    assertThat(r.maxWidth()).isEqualTo(1280);
    assertThat(r.maxHeight()).isEqualTo(720);
    assertThat(r.sizes()).containsExactly(160, 320, 640);
    assertThat(r.formats()).containsExactly(Format.JPEG, Format.WEBP);
    assertThat(
            ThumbnailRequest.fromParams(Map.of("sizes", "640,160,160", "formats", "webp")).sizes())
        .isEqualTo(List.of(160, 640));
  }
}
