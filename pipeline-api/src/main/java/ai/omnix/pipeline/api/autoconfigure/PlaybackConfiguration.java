package ai.omnix.pipeline.api.autoconfigure;

import ai.omnix.pipeline.api.assets.SignedLinks;
import ai.omnix.pipeline.api.play.PlaybackController;
import ai.omnix.pipeline.api.play.PlaybackCors;
import ai.omnix.pipeline.api.play.PlaybackLinks;
import ai.omnix.pipeline.api.play.PlaybackProperties;
import ai.omnix.pipeline.api.play.PlaybackTokens;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Playback of multi-file outputs ({@code /play/<token>/<path>}), signed with a key derived from the
 * download links' secret so that every API process that can sign downloads can sign playback.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PlaybackProperties.class)
@Import(PlaybackController.class)
class PlaybackConfiguration {

  @Bean
  PlaybackTokens playbackTokens(SignedLinks links, Clock clock) {
    return new PlaybackTokens(links.derivedKey("playback"), clock);
  }

  @Bean
  PlaybackLinks playbackLinks(PlaybackTokens tokens, PlaybackProperties properties) {
    return new PlaybackLinks(tokens, properties);
  }

  @Bean
  PlaybackCors playbackCors(PlaybackProperties properties) {
    return new PlaybackCors(properties);
  }
}
