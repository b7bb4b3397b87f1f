package ai.omnix.pipeline.media;

import java.util.ArrayList;
import java.util.List;

/** Encoder settings that more than one media job uses, so they cannot drift apart. */
public final class FfmpegEncoders {
  private FfmpegEncoders() {}

  /**
   * H.264 for the web (libx264 veryfast, High profile) at a target bit rate with the pipeline's
   * rate control: peaks up to 1.5× the target, a VBV buffer of 2× (about two seconds).
   *
   * @param level the H.264 level to declare, such as {@code 4.2}, or null to let x264 choose
   */
  public static List<String> h264(int kbps, String level) {
    List<String> a =
        new ArrayList<>(List.of("-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high"));
    if (level != null) {
      a.addAll(List.of("-level:v", level));
    }
    a.addAll(
        List.of(
            "-b:v", kbps + "k", "-maxrate", (kbps * 3 / 2) + "k", "-bufsize", (kbps * 2) + "k"));
    return a;
  }

  /** Baseline JPEG pictures (full-range 4:2:0, as browsers expect) at ffmpeg's {@code -q:v}. */
  public static List<String> jpeg(int quality) {
    return List.of("-c:v", "mjpeg", "-q:v", Integer.toString(quality), "-pix_fmt", "yuvj420p");
  }
}
