package ai.omnix.pipeline.media;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facts of a media file as the probe read them from its headers (nothing is decoded).
 *
 * @param container a friendly container name ({@code mp4}, {@code mov}, {@code webm}, {@code mkv},
 *     {@code png} …)
 * @param formatNames the demuxer's names, as ffmpeg reports them (for example {@code
 *     mov,mp4,m4a,3gp,3g2,mj2})
 * @param durationSeconds null when the container states none (a still image)
 * @param bitRateKbps null when unknown
 */
public record MediaInfo(
    String container,
    String formatNames,
    Double durationSeconds,
    Integer bitRateKbps,
    List<Stream> streams) {

  public MediaInfo {
    streams = List.copyOf(streams);
  }

  /**
   * One stream. Fields that do not apply to the stream's type, or that the headers do not state,
   * are null.
   *
   * @param rotation clockwise degrees (0, 90, 180, 270) a player turns the picture to show it
   *     upright
   */
  public record Stream(
      int index,
      String type,
      String codec,
      Integer width,
      Integer height,
      Double frameRate,
      Integer bitRateKbps,
      Integer channels,
      Integer sampleRate,
      Integer rotation) {

    public boolean isVideo() {
      return "video".equals(type);
    }

    public boolean isAudio() {
      return "audio".equals(type);
    }

    /** Height as displayed, after rotation. */
    public Integer displayHeight() {
      return rotation != null && rotation % 180 != 0 ? width : height;
    }

    public Integer displayWidth() {
      return rotation != null && rotation % 180 != 0 ? height : width;
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", index);
      m.put("type", type);
      m.put("codec", codec);
      putIfPresent(m, "width", width);
      putIfPresent(m, "height", height);
      putIfPresent(m, "frame_rate", frameRate);
      putIfPresent(m, "bit_rate_kbps", bitRateKbps);
      putIfPresent(m, "channels", channels);
      putIfPresent(m, "sample_rate", sampleRate);
      putIfPresent(m, "rotation", rotation);
      return m;
    }
  }

  public Optional<Stream> firstVideo() {
    return streams.stream().filter(Stream::isVideo).findFirst();
  }

  /**
   * A single picture (PNG, JPEG, WebP, TIFF …) read by an image demuxer, rather than a timed video.
   */
  public boolean isStillImage() {
    return firstVideo().isPresent()
        && (formatNames.endsWith("_pipe") || formatNames.equals("image2"));
  }

  public Optional<Stream> firstAudio() {
    return streams.stream().filter(Stream::isAudio).findFirst();
  }

  /** A small JSON-able map without nulls (absent facts are left out). */
  public Map<String, Object> toSummary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("container", container);
    m.put("format_names", formatNames);
    putIfPresent(m, "duration_s", durationSeconds);
    putIfPresent(m, "bit_rate_kbps", bitRateKbps);
    firstVideo()
        .ifPresent(
            v -> {
              putIfPresent(m, "width", v.displayWidth());
              putIfPresent(m, "height", v.displayHeight());
              m.put("rotation", v.rotation() == null ? 0 : v.rotation());
            });
    List<Map<String, Object>> list = new ArrayList<>();
    streams.forEach(s -> list.add(s.toMap()));
    m.put("streams", list);
    return m;
  }

  private static void putIfPresent(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
