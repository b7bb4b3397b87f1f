package ai.omnix.pipeline.media.autoconfigure;

import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.media.MediaProber;
import ai.omnix.pipeline.media.MediaTool;
import ai.omnix.pipeline.media.MediaToolkit;
import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import ai.omnix.pipeline.media.hls.HlsJobHandler;
import ai.omnix.pipeline.media.hls.HlsJobType;
import ai.omnix.pipeline.media.probe.ProbeJobHandler;
import ai.omnix.pipeline.media.probe.ProbeJobType;
import ai.omnix.pipeline.media.storyboard.StoryboardJobHandler;
import ai.omnix.pipeline.media.storyboard.StoryboardJobType;
import ai.omnix.pipeline.media.thumbnail.ThumbnailJobHandler;
import ai.omnix.pipeline.media.thumbnail.ThumbnailJobType;
import ai.omnix.pipeline.media.transcode.TranscodeJobHandler;
import ai.omnix.pipeline.media.transcode.TranscodeJobType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The media job types ({@code probe}, {@code transcode}, {@code thumbnail}, {@code storyboard},
 * {@code hls}) in every role, and their handlers on the ffmpeg JAVE bundles in the worker role only
 * ({@code omnix.worker.enabled}). The binary is unpacked at the first media job, not at start-up.
 */
@AutoConfiguration
@EnableConfigurationProperties(MediaProperties.class)
public class MediaProcessingAutoConfiguration {

  @Bean
  JobType probeJobType() {
    return ProbeJobType.TYPE;
  }

  @Bean
  JobType transcodeJobType() {
    return TranscodeJobType.TYPE;
  }

  @Bean
  JobType thumbnailJobType() {
    return ThumbnailJobType.TYPE;
  }

  @Bean
  JobType storyboardJobType() {
    return StoryboardJobType.TYPE;
  }

  @Bean
  JobType hlsJobType() {
    return HlsJobType.TYPE;
  }

  /** What runs media jobs: only a worker builds it. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "omnix.worker.enabled", havingValue = "true", matchIfMissing = true)
  static class Handlers {
    @Bean
    @ConditionalOnMissingBean
    MediaTool mediaTool(MediaProperties properties) {
      return FfmpegRunner.bundled(properties.maxConcurrentFfmpeg());
    }

    @Bean
    @ConditionalOnMissingBean
    MediaProber mediaProber(MediaTool mediaTool, MediaProperties properties) {
      return new MediaProber(mediaTool, properties.limits());
    }

    @Bean
    @ConditionalOnMissingBean
    MediaToolkit mediaToolkit(MediaTool tool, MediaProber prober, MediaProperties properties) {
      return new MediaToolkit(tool, prober, properties.limits(), properties.workDir());
    }

    @Bean
    JobHandler probeJobHandler(MediaToolkit toolkit) {
      return new ProbeJobHandler(toolkit);
    }

    @Bean
    JobHandler transcodeJobHandler(MediaToolkit toolkit) {
      return new TranscodeJobHandler(toolkit);
    }

    @Bean
    JobHandler thumbnailJobHandler(MediaToolkit toolkit) {
      return new ThumbnailJobHandler(toolkit);
    }

    @Bean
    JobHandler storyboardJobHandler(MediaToolkit toolkit) {
      return new StoryboardJobHandler(toolkit);
    }

    @Bean
    JobHandler hlsJobHandler(MediaToolkit toolkit) {
      return new HlsJobHandler(toolkit);
    }
  }
}
