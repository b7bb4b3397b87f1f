package ai.omnix.pipeline.document.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.storage.ContentSniffer;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.document.DocumentLimits;
import ai.omnix.pipeline.document.PlanLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DocumentProcessingAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DocumentProcessingAutoConfiguration.class));

  @Test
  void registersExactlyOneHandlerForEachDocumentJobTypeAndKeepsTheSniffer() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(ContentSniffer.class);
          var types =
              context.getBeansOfType(JobType.class).values().stream().map(JobType::name).toList();
          var handlers =
              context.getBeansOfType(JobHandler.class).values().stream()
                  .map(JobHandler::type)
                  .toList();
          assertThat(types).containsExactlyInAnyOrder("extract", "ocr", "document-thumbnail");
          assertThat(handlers).containsExactlyInAnyOrder("extract", "ocr", "document-thumbnail");
          assertThat(context.getBean(DocumentLimits.class)).isEqualTo(DocumentLimits.defaults());
        });
  }

  @Test
  void outsideTheWorkerRoleKeepsTheSnifferAndTheTypesButBuildsNoHandler() {
    runner
        .withPropertyValues("omnix.worker.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(ContentSniffer.class);
              assertThat(context.getBeansOfType(JobType.class).values())
                  .extracting(JobType::name)
                  .containsExactlyInAnyOrder("extract", "ocr", "document-thumbnail");
              assertThat(context.getBeansOfType(JobHandler.class)).isEmpty();
              assertThat(context)
                  .doesNotHaveBean(ai.omnix.pipeline.document.ocr.TesseractEngines.class);
            });
  }

  @Test
  void bindsTheLimitsFromOmnixDocumentsPerPlanKeepingTheDefaultsOfPlansLeftOut() {
    runner
        .withPropertyValues(
            "omnix.documents.max-characters=1000",
            "omnix.documents.max-pages.free=12",
            "omnix.documents.max-pages.enterprise=9000",
            "omnix.documents.max-image-pixels.free=5000000",
            "omnix.documents.time-limit=30s",
            "omnix.documents.tessdata-dir=/opt/tessdata",
            "omnix.documents.ocr-threads=3")
        .run(
            context -> {
              assertThat(context.getBean(DocumentProperties.class).ocrThreads()).isEqualTo(3);
              DocumentLimits limits = context.getBean(DocumentLimits.class);
              assertThat(limits.maxCharacters()).isEqualTo(1000);
              assertThat(limits.timeLimit()).isEqualTo(Duration.ofSeconds(30));
              assertThat(limits.tessdataDir()).isEqualTo(Path.of("/opt/tessdata"));
              assertThat(limits.maxPages())
                  .containsEntry(Plan.FREE, 12)
                  .containsEntry(Plan.ENTERPRISE, 9000)
                  .containsEntry(Plan.STUDENT, DocumentLimits.DEFAULT_MAX_PAGES.get(Plan.STUDENT))
                  .hasSize(5);
              assertThat(limits.forPlan(Plan.FREE))
                  .isEqualTo(new PlanLimits(Plan.FREE, 12, 5_000_000L));
              assertThat(limits.forPlan(Plan.PRO))
                  .isEqualTo(
                      new PlanLimits(
                          Plan.PRO,
                          DocumentLimits.DEFAULT_MAX_PAGES.get(Plan.PRO),
                          DocumentLimits.DEFAULT_MAX_IMAGE_PIXELS.get(Plan.PRO)));
            });
  }

  @Test
  void refusesToStartWithANonPositivePlanLimit() {
    runner
        .withPropertyValues("omnix.documents.max-pages.student=0")
        .run(context -> assertThat(context).hasFailed());
  }
}
