package ai.omnix.pipeline.media;

import java.util.ArrayList;
import java.util.List;

/**
 * The safety options every ffmpeg run of the pipeline starts with, in one place: no banner, never
 * read stdin, open local files only ({@code -protocol_whitelist file}: no network, ever, whatever a
 * playlist or a crafted container refers to). A run that writes also overwrites its own workspace
 * files without asking and logs errors only; a run that decodes untrusted pictures caps their pixel
 * count in the decoder ({@code -max_pixels}).
 */
public final class FfmpegPrelude {
  private FfmpegPrelude() {}

  /** A probe: reads headers, and needs ffmpeg's normal stderr to describe the input. */
  public static List<String> probe() {
    return List.of("-hide_banner", "-nostdin", "-protocol_whitelist", "file");
  }

  /**
   * A run that writes outputs.
   *
   * @param progress true to stream {@code -progress} key=value lines on stdout
   * @param maxPixels the decoder's pixel limit, or 0 for none
   */
  public static List<String> write(boolean progress, long maxPixels) {
    List<String> a = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-v", "error"));
    a.add("-nostats");
    if (progress) {
      a.addAll(List.of("-progress", "pipe:1"));
    }
    a.addAll(List.of("-protocol_whitelist", "file"));
    if (maxPixels > 0) {
      a.addAll(List.of("-max_pixels", Long.toString(maxPixels)));
    }
    return a;
  }
}
