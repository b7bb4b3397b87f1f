package ai.omnix.pipeline.media.transcode;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Named renditions. Explicit parameters override a preset's values. */
public enum TranscodePreset {
  WEB_720P("web-720p", Container.MP4, 720, 2_500, 60),
  WEB_1080P("web-1080p", Container.MP4, 1080, 5_000, 60),
  MOBILE_480P("mobile-480p", Container.MP4, 480, 1_000, 30);

  public static final TranscodePreset DEFAULT = WEB_720P;

  private final String wireName;
  private final Container container;
  private final int height;
  private final int videoBitrateKbps;
  private final double fpsMax;

  TranscodePreset(
      String wireName, Container container, int height, int videoBitrateKbps, double fpsMax) {
    this.wireName = wireName;
    this.container = container;
    this.height = height;
    this.videoBitrateKbps = videoBitrateKbps;
    this.fpsMax = fpsMax;
  }

  public String wireName() {
    return wireName;
  }

  public Container container() {
    return container;
  }

  public int height() {
    return height;
  }

  public int videoBitrateKbps() {
    return videoBitrateKbps;
  }

  public double fpsMax() {
    return fpsMax;
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(TranscodePreset::wireName).toList();
  }

  public static Optional<TranscodePreset> fromWireName(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
  }

  /** The output container and, with it, the codecs. */
  public enum Container {
    MP4("mp4", "video/mp4"),
    WEBM("webm", "video/webm");

    private final String extension;
    private final String contentType;

    Container(String extension, String contentType) {
      this.extension = extension;
      this.contentType = contentType;
    }

    public String extension() {
      return extension;
    }

    public String contentType() {
      return contentType;
    }

    public static Container fromWireName(String name) {
      return Arrays.stream(values())
          .filter(c -> c.extension.equals(name))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown container: " + name));
    }
  }
}
