package ai.omnix.pipeline.document.ocr;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.omnix.pipeline.core.job.handler.JobFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TesseractEnginesTest {
  @TempDir Path tessdata;

  @Test
  void acceptsLanguagesWhoseTraineddataIsInTheConfiguredFolder() throws Exception {
    Files.createFile(tessdata.resolve("eng.traineddata"));
    Files.createFile(tessdata.resolve("deu.traineddata"));
    TesseractEngines engines = new TesseractEngines(tessdata);

    assertThatCode(() -> engines.requireLanguages("eng+deu")).doesNotThrowAnyException();
  }

  @Test
  void refusesMissingOrMalformedLanguagesAsNotRetryable() throws Exception {
    Files.createFile(tessdata.resolve("eng.traineddata"));
    TesseractEngines engines = new TesseractEngines(tessdata);

    for (String languages : new String[] {"eng+fra", "../eng", "eng+", "", "eng deu"}) {
      assertThatThrownBy(() -> engines.requireLanguages(languages))
          .as(languages)
          .isInstanceOfSatisfying(
              JobFailedException.class,
              e -> {
                org.assertj.core.api.Assertions.assertThat(e.code())
                    .isEqualTo("language_unavailable");
                org.assertj.core.api.Assertions.assertThat(e.retryable()).isFalse();
              });
    }
  }
}
