package ai.omnix.pipeline.document.extract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.Violation;
import ai.omnix.pipeline.document.ocr.OcrJobType;
import ai.omnix.pipeline.document.thumbnail.DocumentThumbnailJobType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentJobTypesTest {
  @Test
  void extractIsIoBoundOnOneAssetWithAnOptionalPassword() {
    JobType type = ExtractJobType.TYPE;

    assertThat(type.name()).isEqualTo("extract");
    assertThat(type.queueClass()).isEqualTo(QueueClass.IO_BOUND);
    assertThat(type.acceptedInputs()).containsExactly(JobInput.Kind.ASSET);
    assertThat(type.paramsSchema().validate(Map.of())).isEmpty();
    assertThat(type.paramsSchema().validate(Map.of("password", "x"))).isEmpty();
    assertThat(type.paramsSchema().validate(Map.of("pasword", "x")))
        .extracting(Violation::field)
        .containsExactly("params.pasword");
  }

  @Test
  void ocrIsHeavyOnOneAssetWithLanguagesAndPassword() {
    JobType type = OcrJobType.TYPE;

    assertThat(type.name()).isEqualTo("ocr");
    assertThat(type.queueClass()).isEqualTo(QueueClass.HEAVY);
    assertThat(type.acceptedInputs()).containsExactly(JobInput.Kind.ASSET);
    assertThat(type.paramsSchema().validate(Map.of("languages", "eng+deu", "password", "p")))
        .isEmpty();
    assertThat(type.paramsSchema().validate(Map.of("languages", 3))).hasSize(1);
  }

  @Test
  void documentThumbnailOffersPngJpegAndWebp() {
    JobType type = DocumentThumbnailJobType.TYPE;

    for (String format : new String[] {"png", "jpeg", "webp"}) {
      assertThat(type.paramsSchema().validate(Map.of("format", format))).as(format).isEmpty();
    }
    assertThat(type.paramsSchema().validate(Map.of("format", "gif")))
        .extracting(Violation::field)
        .containsExactly("params.format");
  }
}
