package ai.omnix.pipeline.api.play;

import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets the configured browser origins ({@code omnix.playback.allowed-origins}) fetch playback files
 * cross-origin, as hls.js does: GET and HEAD with a Range header, and the range headers readable.
 * Only {@code /play/**}; no credentials (the token in the path is the grant).
 */
public final class PlaybackCors implements WebMvcConfigurer {
  private final PlaybackProperties properties;

  public PlaybackCors(PlaybackProperties properties) {
    this.properties = properties;
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    if (properties.allowedOrigins().isEmpty()) {
      return;
    }
    registry
        .addMapping("/play/**")
        .allowedOrigins(properties.allowedOrigins().toArray(String[]::new))
        .allowedMethods("GET", "HEAD")
        .allowedHeaders("Range")
        .exposedHeaders("Content-Length", "Content-Range", "Accept-Ranges")
        .allowCredentials(false)
        .maxAge(3600);
  }
}
