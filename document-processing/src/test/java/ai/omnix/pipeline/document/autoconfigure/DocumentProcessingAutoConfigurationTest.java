package ai.omnix.pipeline.document.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.storage.ContentSniffer;
import ai.omnix.pipeline.document.DocumentLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DocumentProcessingAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DocumentProcessingAutoConfiguration.class));

  @Test
  void registersExactlyOneHandlerForEachDocumentJobTypeAndKeepsTheSniffer() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(ContentSniffer.class);
      var types = context.getBeansOfType(JobType.class).values().stream().map(JobType::name).toList();
      var handlers = context.getBeansOfType(JobHandler.class).values().stream().map(JobHandler::type).toList();
      assertThat(types).containsExactlyInAnyOrder("extract", "ocr", "document-thumbnail");
      assertThat(handlers).containsExactlyInAnyOrder("extract", "ocr", "document-thumbnail");
      assertThat(context.getBean(DocumentLimits.class)).isEqualTo(DocumentLimits.defaults());
    });
  }

  @Test
  void bindsTheLimitsFromOmnixDocuments() {
    runner.withPropertyValues(
            "omnix.documents.max-characters=1000",
            "omnix.documents.max-pages=12",
            "omnix.documents.max-image-pixels=5000000",
            "omnix.documents.time-limit=30s",
            "omnix.documents.tessdata-dir=/opt/tessdata")
        .run(context -> assertThat(context.getBean(DocumentLimits.class)).isEqualTo(
            new DocumentLimits(1000, 12, 5_000_000L, Duration.ofSeconds(30), Path.of("/opt/tessdata"))));
  }
}
