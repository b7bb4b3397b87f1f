package ai.omnix.pipeline.media.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.Violation;
import ai.omnix.pipeline.media.probe.ProbeJobType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TranscodeJobTypeTest {
  private final JobType type = TranscodeJobType.TYPE;

  private static JobSubmission aTranscodeJob(Map<String, Object> params) {
    return new JobSubmission("transcode", JobInput.asset("a1"), params, null, null, 0);
  }

  @Test
  void isHeavyAndTakesOneAssetWhileProbeIsLight() {
    assertThat(type.queueClass()).isEqualTo(QueueClass.HEAVY);
    assertThat(type.acceptedInputs()).containsExactly(JobInput.Kind.ASSET);
    assertThat(ProbeJobType.TYPE.queueClass()).isEqualTo(QueueClass.LIGHT);
  }

  @Test
  void refusesAnEndThatIsNotAfterTheStart() {
    assertThat(type.validateFurther(aTranscodeJob(Map.of("start_s", 5, "end_s", 5))))
        .containsExactly(new Violation("params.end_s", "must be greater than start_s"));
    assertThat(type.validateFurther(aTranscodeJob(Map.of("end_s", 0)))).hasSize(1);
    assertThat(type.validateFurther(aTranscodeJob(Map.of("start_s", 1.5, "end_s", 2)))).isEmpty();
    assertThat(type.validateFurther(aTranscodeJob(Map.of("start_s", 10)))).isEmpty();
  }

  @Test
  void schemaBoundsPresetsContainersAndNumbers() {
    var schema = type.paramsSchema();
    assertThat(
            schema.validate(
                Map.of(
                    "preset",
                    "web-720p",
                    "container",
                    "webm",
                    "height",
                    480,
                    "video_bitrate_kbps",
                    1200,
                    "fps_max",
                    29.97,
                    "start_s",
                    0,
                    "end_s",
                    3,
                    "allow_upscale",
                    true)))
        .isEmpty();
    assertThat(schema.validate(Map.of("preset", "4k-hdr")))
        .extracting(Violation::field)
        .containsExactly("params.preset");
    assertThat(schema.validate(Map.of("container", "avi"))).hasSize(1);
    assertThat(schema.validate(Map.of("height", 100))).hasSize(1);
    assertThat(schema.validate(Map.of("height", 4320))).hasSize(1);
    assertThat(schema.validate(Map.of("video_bitrate_kbps", 1_000_000))).hasSize(1);
    assertThat(schema.validate(Map.of("fps_max", 1000))).hasSize(1);
    assertThat(schema.validate(Map.of("start_s", -1))).hasSize(1);
    assertThat(schema.validate(Map.of("crf", 20))).hasSize(1);
  }

  @Test
  void aCropIsAllOrNoneEvenPositiveAndAtMost16384() {
    Map<String, Object> crop =
        Map.of("crop_width", 320, "crop_height", 180, "crop_x", 10, "crop_y", 0);
    assertThat(type.paramsSchema().validate(crop)).isEmpty();
    assertThat(type.validateFurther(aTranscodeJob(crop))).isEmpty();
    assertThat(type.validateFurther(aTranscodeJob(Map.of()))).isEmpty();

    assertThat(type.validateFurther(aTranscodeJob(Map.of("crop_width", 320, "crop_height", 180))))
        .extracting(Violation::field)
        .containsExactly("params.crop_x", "params.crop_y");
    assertThat(
            type.validateFurther(
                aTranscodeJob(
                    Map.of("crop_width", 321, "crop_height", 180, "crop_x", 0, "crop_y", 3))))
        .containsExactly(
            new Violation("params.crop_width", "must be even (4:2:0 chroma)"),
            new Violation("params.crop_y", "must be even (4:2:0 chroma)"));
    assertThat(
            type.validateFurther(
                aTranscodeJob(
                    Map.of("crop_width", 0, "crop_height", -2, "crop_x", -2, "crop_y", 16386))))
        .containsExactly(
            new Violation("params.crop_width", "must be positive"),
            new Violation("params.crop_height", "must be positive"),
            new Violation("params.crop_x", "must not be negative"),
            new Violation("params.crop_y", "must be at most 16384"));
    assertThat(
            type.validateFurther(
                aTranscodeJob(
                    Map.of("crop_width", 320.5, "crop_height", 180, "crop_x", 0, "crop_y", 0))))
        .containsExactly(new Violation("params.crop_width", "must be a whole number"));
    assertThat(
            type.validateFurther(
                aTranscodeJob(
                    Map.of(
                        "crop_width",
                        16384,
                        "crop_height",
                        16384,
                        "crop_x",
                        16384,
                        "crop_y",
                        16384))))
        .isEmpty();

    assertThat(type.paramsSchema().validate(Map.of("crop_width", 16386))).hasSize(1);
    assertThat(type.paramsSchema().validate(Map.of("crop_x", -2))).hasSize(1);
  }
}
