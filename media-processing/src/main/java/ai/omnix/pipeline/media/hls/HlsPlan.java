package ai.omnix.pipeline.media.hls;

import ai.omnix.pipeline.media.Dimensions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ladder resolved against the source: which rungs, their sizes and bit rates, the segment
 * length, the frame-rate cap and whether there is audio.
 *
 * @param fps the output frame rate when the source's is above {@value #MAX_FPS}, else null (kept)
 */
public record HlsPlan(
    List<Rung> rungs, int segmentSeconds, Double fps, boolean withAudio, double durationSeconds) {
  static final int DEFAULT_SEGMENT_S = 6;
  static final double MAX_FPS = 60;
  static final int AUDIO_KBPS = 128;

  /**
   * H.264 High profile (0x64), no constraint flags, level 4.2 (0x2a: up to 1080p at 64 fps), as
   * x264 writes it.
   */
  static final String VIDEO_CODEC = "avc1.64002a";

  static final String AUDIO_CODEC = "mp4a.40.2";

  /** The standard ladder, tallest first: height and target video bit rate. */
  static final int[][] LADDER = {{1080, 5000}, {720, 2800}, {480, 1400}, {360, 800}};

  /**
   * One rendition.
   *
   * @param name the rung's directory under {@code hls/}, such as {@code 720p}
   */
  public record Rung(String name, Dimensions size, int videoKbps) {}

  public HlsPlan {
    rungs = List.copyOf(rungs);
  }

  public static HlsPlan of(
      Map<String, Object> params,
      Dimensions source,
      Double sourceFps,
      boolean withAudio,
      double durationSeconds) {
    int segment =
        params.get(HlsJobType.SEGMENT_S) instanceof Number n ? n.intValue() : DEFAULT_SEGMENT_S;
    int maxHeight =
        params.get(HlsJobType.MAX_HEIGHT) instanceof Number n ? n.intValue() : LADDER[0][0];
    int ceiling = Math.min(maxHeight, source.height());
    List<Rung> rungs = new ArrayList<>();
    for (int[] step : LADDER) {
      if (step[0] <= ceiling) {
        rungs.add(new Rung(step[0] + "p", source.atEvenHeight(step[0]), step[1]));
      }
    }
    if (rungs.isEmpty()) {
      // Smaller than the lowest rung: one rendition at the source's (even) height, the bit rate
      // scaled by area.
      int height = Math.max(2, ceiling & ~1);
      int kbps = Math.max(100, (int) Math.round(800.0 * height * height / (360.0 * 360.0)));
      rungs.add(new Rung(height + "p", source.atEvenHeight(height), kbps));
    }
    Double fps = sourceFps != null && sourceFps > MAX_FPS ? MAX_FPS : null;
    return new HlsPlan(rungs, segment, fps, withAudio, durationSeconds);
  }

  /** The CODECS attribute of every variant. */
  public String codecs() {
    return withAudio ? VIDEO_CODEC + "," + AUDIO_CODEC : VIDEO_CODEC;
  }
}
