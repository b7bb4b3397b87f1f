package ai.omnix.pipeline.media.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeRegistry;
import ai.omnix.pipeline.core.tenant.Plan;
import ai.omnix.pipeline.media.MediaTool;
import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MediaProcessingAutoConfigurationTest {
  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(MediaProcessingAutoConfiguration.class));

  @Test
  void registersEveryMediaTypeWithExactlyOneHandler() {
    context.run(
        c -> {
          var registry =
              new JobTypeRegistry(
                  c.getBeansOfType(JobType.class).values(),
                  c.getBeansOfType(JobHandler.class).values());
          assertThat(registry.types())
              .extracting(JobType::name)
              .containsExactlyInAnyOrder("probe", "transcode", "thumbnail", "storyboard", "hls");
          assertThat(registry.handler("probe").type()).isEqualTo("probe");
          assertThat(registry.handler("transcode").type()).isEqualTo("transcode");
          assertThat(registry.handler("thumbnail").type()).isEqualTo("thumbnail");
          assertThat(registry.handler("storyboard").type()).isEqualTo("storyboard");
          assertThat(registry.handler("hls").type()).isEqualTo("hls");
          assertThat(c.getBean(MediaTool.class)).isInstanceOf(FfmpegRunner.class);
        });
  }

  @Test
  void outsideTheWorkerRoleDeclaresTheTypesButBuildsNoHandlerNorFfmpeg() {
    context
        .withPropertyValues("omnix.worker.enabled=false")
        .run(
            c -> {
              assertThat(c.getBeansOfType(JobType.class).values())
                  .extracting(JobType::name)
                  .containsExactlyInAnyOrder(
                      "probe", "transcode", "thumbnail", "storyboard", "hls");
              assertThat(c.getBeansOfType(JobHandler.class)).isEmpty();
              assertThat(c.getBeansOfType(MediaTool.class)).isEmpty();
              assertThat(
                      JobTypeRegistry.typesOnly(c.getBeansOfType(JobType.class).values())
                          .type("transcode"))
                  .isPresent();
            });
  }

  @Test
  void defaultsHalfTheCoresAndPerPlanDurationsAndBindsOverrides() {
    context.run(
        c -> {
          MediaProperties p = c.getBean(MediaProperties.class);
          assertThat(p.maxConcurrentFfmpeg())
              .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
          assertThat(p.maxSourceDuration())
              .containsExactlyInAnyOrderEntriesOf(
                  java.util.Map.of(
                      Plan.FREE,
                      Duration.ofMinutes(10),
                      Plan.STUDENT,
                      Duration.ofMinutes(30),
                      Plan.PRO,
                      Duration.ofHours(2),
                      Plan.TEAM,
                      Duration.ofHours(4),
                      Plan.ENTERPRISE,
                      Duration.ofHours(8)));
          assertThat(((FfmpegRunner) c.getBean(MediaTool.class)).availableHeavySlots())
              .isEqualTo(p.maxConcurrentFfmpeg());
        });
    context
        .withPropertyValues(
            "omnix.media.max-concurrent-ffmpeg=3",
            "omnix.media.max-source-duration.free=5m",
            "omnix.media.max-source-duration.enterprise=12h",
            "omnix.media.work-dir=/var/tmp/media",
            "omnix.media.probe-timeout=5s",
            "omnix.media.max-pixels=1000000")
        .run(
            c -> {
              MediaProperties p = c.getBean(MediaProperties.class);
              assertThat(p.maxConcurrentFfmpeg()).isEqualTo(3);
              assertThat(p.limits().maxSourceDuration(Plan.FREE)).isEqualTo(Duration.ofMinutes(5));
              assertThat(p.limits().maxSourceDuration(Plan.ENTERPRISE))
                  .isEqualTo(Duration.ofHours(12));
              assertThat(p.limits().maxSourceDuration(Plan.PRO))
                  .as("a plan left out keeps its default")
                  .isEqualTo(Duration.ofHours(2));
              assertThat(p.limits().probeTimeout()).isEqualTo(Duration.ofSeconds(5));
              assertThat(p.limits().maxPixels()).isEqualTo(1_000_000L);
              assertThat(p.workDir()).isEqualTo(Path.of("/var/tmp/media"));
              assertThat(((FfmpegRunner) c.getBean(MediaTool.class)).availableHeavySlots())
                  .isEqualTo(3);
            });
  }

  @Test
  void refusesANonPositiveSourceDuration() {
    context
        .withPropertyValues("omnix.media.max-source-duration.free=0s")
        .run(c -> assertThat(c).hasFailed());
  }

  @Test
  void refusesToStartWithoutAHeavySlot() {
    context
        .withPropertyValues("omnix.media.max-concurrent-ffmpeg=0")
        .run(c -> assertThat(c).hasFailed());
  }
}
