package ai.omnix.pipeline.media.transcode;

import ai.omnix.pipeline.media.FfmpegEncoders;
import ai.omnix.pipeline.media.FfmpegPrelude;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The exact ffmpeg arguments of a {@link TranscodePlan}. */
public final class TranscodeCommand {
  static final int AAC_KBPS = 128;
  static final int OPUS_KBPS = 96;

  private TranscodeCommand() {}

  public static List<String> arguments(TranscodePlan plan, Path source, Path target) {
    List<String> a = new ArrayList<>(FfmpegPrelude.write(true, 0));
    if (plan.startSeconds() != null) {
      a.addAll(
          List.of(
              "-ss", decimal(plan.startSeconds()))); // input seek: fast, and exact when transcoding
    }
    a.addAll(List.of("-i", source.toAbsolutePath().toString()));
    if (plan.durationSeconds() != null) {
      a.addAll(List.of("-t", decimal(plan.durationSeconds())));
    }
    a.addAll(List.of("-map", "0:v:0"));
    if (plan.withAudio()) {
      a.addAll(List.of("-map", "0:a:0"));
    }
    String filters =
        (plan.crop() == null ? "" : plan.crop().filter() + ",")
            + (plan.fps() == null ? "" : "fps=" + decimal(plan.fps()) + ",")
            + "scale=-2:"
            + plan.outputHeight()
            + ":flags=bicubic,format=yuv420p";
    a.addAll(List.of("-vf", filters));
    int kbps = plan.videoBitrateKbps();
    switch (plan.container()) {
      case MP4 -> {
        a.addAll(FfmpegEncoders.h264(kbps, null));
        a.addAll(
            plan.withAudio()
                ? List.of("-c:a", "aac", "-b:a", AAC_KBPS + "k", "-ac", "2")
                : List.of("-an"));
        a.addAll(List.of("-map_metadata", "-1", "-movflags", "+faststart", "-f", "mp4"));
      }
      case WEBM -> {
        // VP9's good-quality modes run far below realtime on 2 cores; realtime + cpu-used 8 keeps a
        // worker moving.
        a.addAll(
            List.of(
                "-c:v",
                "libvpx-vp9",
                "-deadline",
                "realtime",
                "-cpu-used",
                "8",
                "-row-mt",
                "1",
                "-b:v",
                kbps + "k"));
        a.addAll(
            plan.withAudio()
                ? List.of("-c:a", "libopus", "-b:a", OPUS_KBPS + "k", "-ac", "2", "-ar", "48000")
                : List.of("-an"));
        a.addAll(List.of("-map_metadata", "-1", "-f", "webm"));
      }
      default -> throw new IllegalStateException(plan.container().name());
    }
    a.add(target.toAbsolutePath().toString());
    return a;
  }

  static String decimal(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
