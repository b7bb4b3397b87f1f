package ai.omnix.pipeline.media.hls;

import ai.omnix.pipeline.media.FfmpegEncoders;
import ai.omnix.pipeline.media.FfmpegPrelude;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact ffmpeg arguments of an HLS ladder: the source is decoded once, split, scaled per rung
 * and encoded by one libx264 per rung, each written by the {@code hls} muxer to {@code
 * <rung>/index.m3u8}, {@code <rung>/init.mp4} and {@code <rung>/segment-NNNNN.m4s}.
 *
 * <p>Segments are fragmented MP4 (CMAF, HLS version 7, played by Safari/iOS 10+, hls.js, ExoPlayer,
 * Shaka), not MPEG-TS: the bundled ffmpeg 4.4.1 writes MPEG-TS but crashes (SIGSEGV) reading it, so
 * TS segments could never be probed and verified here. A keyframe is forced at every segment
 * boundary and scene-cut keyframes are off, so every segment lasts exactly {@code segment_s} (the
 * last one excepted) and starts with a keyframe in every rung.
 */
public final class HlsCommand {
  static final String PLAYLIST = "index.m3u8";
  static final String INIT = "init.mp4";
  static final String SEGMENT_PATTERN = "segment-%05d.m4s";

  private HlsCommand() {}

  public static List<String> arguments(
      HlsPlan plan, Path source, long maxPixels, Path outputDirectory) {
    List<String> a = new ArrayList<>(FfmpegPrelude.write(true, maxPixels));
    a.addAll(List.of("-i", source.toAbsolutePath().toString()));
    List<HlsPlan.Rung> rungs = plan.rungs();
    StringBuilder graph = new StringBuilder("[0:v:0]");
    if (plan.fps() != null) {
      graph.append("fps=").append(plan.fps().intValue()).append(',');
    }
    graph.append("split=").append(rungs.size());
    for (int i = 0; i < rungs.size(); i++) {
      graph.append("[s").append(i).append(']');
    }
    for (int i = 0; i < rungs.size(); i++) {
      HlsPlan.Rung r = rungs.get(i);
      graph
          .append(";[s")
          .append(i)
          .append("]scale=")
          .append(r.size().width())
          .append(':')
          .append(r.size().height())
          .append(":flags=bicubic,format=yuv420p[v")
          .append(i)
          .append(']');
    }
    a.addAll(List.of("-filter_complex", graph.toString()));
    for (int i = 0; i < rungs.size(); i++) {
      HlsPlan.Rung r = rungs.get(i);
      int kbps = r.videoKbps();
      a.addAll(List.of("-map", "[v" + i + "]"));
      if (plan.withAudio()) {
        a.addAll(List.of("-map", "0:a:0"));
      }
      a.addAll(FfmpegEncoders.h264(kbps, "4.2"));
      a.addAll(
          List.of(
              "-force_key_frames",
              "expr:gte(t,n_forced*" + plan.segmentSeconds() + ")",
              "-sc_threshold",
              "0"));
      a.addAll(
          plan.withAudio()
              ? List.of("-c:a", "aac", "-b:a", HlsPlan.AUDIO_KBPS + "k", "-ac", "2")
              : List.of("-an"));
      Path rungDirectory = outputDirectory.resolve(r.name()).toAbsolutePath();
      a.addAll(
          List.of(
              "-map_metadata",
              "-1",
              "-f",
              "hls",
              "-hls_time",
              Integer.toString(plan.segmentSeconds()),
              "-hls_playlist_type",
              "vod",
              "-hls_flags",
              "independent_segments",
              "-hls_segment_type",
              "fmp4",
              "-hls_fmp4_init_filename",
              INIT,
              "-start_number",
              "1",
              "-hls_segment_filename",
              rungDirectory.resolve(SEGMENT_PATTERN).toString(),
              rungDirectory.resolve(PLAYLIST).toString()));
    }
    return a;
  }
}
