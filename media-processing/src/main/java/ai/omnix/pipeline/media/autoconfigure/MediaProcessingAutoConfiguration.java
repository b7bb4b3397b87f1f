package ai.omnix.pipeline.media.autoconfigure;

import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.media.MediaProber;
import ai.omnix.pipeline.media.MediaTool;
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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The media job types ({@code probe}, {@code transcode}, {@code thumbnail}, {@code storyboard},
 * {@code hls}) and their handlers, on the ffmpeg JAVE bundles. The binary is unpacked at the first
 * media job, not at start-up, so roles that never run one pay nothing.
 */
@AutoConfiguration
@EnableConfigurationProperties(MediaProperties.class)
public class MediaProcessingAutoConfiguration {

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
  JobType probeJobType() {
    return new ProbeJobType();
  }

  @Bean
  JobHandler probeJobHandler(MediaProber prober, MediaProperties properties) {
    return new ProbeJobHandler(prober, properties.workDir());
  }

  @Bean
  JobType transcodeJobType() {
    return new TranscodeJobType();
  }

  @Bean
  JobHandler transcodeJobHandler(
      MediaTool mediaTool, MediaProber prober, MediaProperties properties) {
    return new TranscodeJobHandler(mediaTool, prober, properties.limits(), properties.workDir());
  }

  @Bean
  JobType thumbnailJobType() {
    return new ThumbnailJobType();
  }

  @Bean
  JobHandler thumbnailJobHandler(
      MediaTool mediaTool, MediaProber prober, MediaProperties properties) {
    return new ThumbnailJobHandler(mediaTool, prober, properties.limits(), properties.workDir());
  }

  @Bean
  JobType storyboardJobType() {
    return new StoryboardJobType();
  }

  @Bean
  JobHandler storyboardJobHandler(
      MediaTool mediaTool, MediaProber prober, MediaProperties properties) {
    return new StoryboardJobHandler(mediaTool, prober, properties.limits(), properties.workDir());
  }

  @Bean
  JobType hlsJobType() {
    return new HlsJobType();
  }

  @Bean
  JobHandler hlsJobHandler(MediaTool mediaTool, MediaProber prober, MediaProperties properties) {
    return new HlsJobHandler(mediaTool, prober, properties.limits(), properties.workDir());
  }
}
