package ai.omnix.pipeline.generation.provider;

import java.net.URI;

/**
 * One generated file as a provider returns it: inline bytes, or a URL to fetch with {@link
 * GenerationProvider#download}.
 *
 * @param contentType the media type the provider declares, or null when it declares none
 */
public record GeneratedMedia(String contentType, byte[] data, URI url) {
  public GeneratedMedia {
    if ((data == null) == (url == null)) {
      throw new IllegalArgumentException("exactly one of data and url");
    }
  }

  public static GeneratedMedia inline(String contentType, byte[] data) {
    return new GeneratedMedia(contentType, data, null);
  }

  public static GeneratedMedia at(String contentType, URI url) {
    return new GeneratedMedia(contentType, null, url);
  }
}
