package ai.omnix.pipeline.media.hls;

import ai.omnix.pipeline.media.Dimensions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the media playlists ffmpeg wrote (strictly: only our own segment names) and writes the
 * master playlist.
 */
public final class HlsPlaylists {
  static final int MAX_LINES = 200_000;
  private static final Pattern SEGMENT_URI = Pattern.compile("segment-\\d{5,9}\\.m4s");
  private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]*)\"");

  private HlsPlaylists() {}

  /** One segment of a media playlist. */
  public record Segment(String uri, double durationSeconds) {}

  /**
   * A media playlist's segments in order; {@code complete} when it ends with {@code
   * #EXT-X-ENDLIST}.
   *
   * @param initUri the fragmented-MP4 initialization section ({@code #EXT-X-MAP}), or null
   */
  public record MediaPlaylist(
      int targetDurationSeconds, String initUri, List<Segment> segments, boolean complete) {
    public MediaPlaylist {
      segments = List.copyOf(segments);
    }

    public double totalSeconds() {
      return segments.stream().mapToDouble(Segment::durationSeconds).sum();
    }
  }

  /** One entry of the master playlist. */
  public record Variant(
      String uri,
      long peakBitsPerSecond,
      long averageBitsPerSecond,
      Dimensions resolution,
      Double frameRate,
      String codecs) {}

  /**
   * @throws IllegalArgumentException when the text is not a media playlist of ours
   */
  public static MediaPlaylist parseMedia(String text) {
    String[] lines = text.split("\r?\n", MAX_LINES + 1);
    if (lines.length > MAX_LINES || !lines[0].equals("#EXTM3U")) {
      throw new IllegalArgumentException("not an HLS playlist, or too long");
    }
    int target = -1;
    boolean complete = false;
    String init = null;
    Double pending = null;
    List<Segment> segments = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#EXT-X-TARGETDURATION:")) {
        target = Integer.parseInt(line.substring("#EXT-X-TARGETDURATION:".length()));
      } else if (line.startsWith("#EXTINF:")) {
        String value = line.substring("#EXTINF:".length());
        int comma = value.indexOf(',');
        pending = Double.parseDouble(comma < 0 ? value : value.substring(0, comma));
      } else if (line.startsWith("#EXT-X-MAP:")) {
        var m = MAP.matcher(line);
        if (init != null || !m.matches() || !m.group(1).equals(HlsCommand.INIT)) {
          throw new IllegalArgumentException("unexpected playlist entry: " + line);
        }
        init = m.group(1);
      } else if (line.equals("#EXT-X-ENDLIST")) {
        complete = true;
      } else if (!line.startsWith("#")) {
        if (pending == null || !SEGMENT_URI.matcher(line).matches()) {
          throw new IllegalArgumentException("unexpected playlist entry: " + line);
        }
        segments.add(new Segment(line, pending));
        pending = null;
      }
    }
    return new MediaPlaylist(target, init, segments, complete);
  }

  public static String master(List<Variant> variants) {
    StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    for (Variant v : variants) {
      m.append("#EXT-X-STREAM-INF:BANDWIDTH=")
          .append(v.peakBitsPerSecond())
          .append(",AVERAGE-BANDWIDTH=")
          .append(v.averageBitsPerSecond())
          .append(",RESOLUTION=")
          .append(v.resolution());
      if (v.frameRate() != null) {
        m.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", v.frameRate()));
      }
      m.append(",CODECS=\"").append(v.codecs()).append("\"\n").append(v.uri()).append('\n');
    }
    return m.toString();
  }
}
