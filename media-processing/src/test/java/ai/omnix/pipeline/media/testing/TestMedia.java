package ai.omnix.pipeline.media.testing;

import ai.omnix.pipeline.media.ffmpeg.FfmpegRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Generates small sources with the bundled ffmpeg itself (lavfi test pattern plus a sine tone). */
public final class TestMedia {
  private TestMedia() {}

  /**
   * A {@code seconds}-long H.264/AAC MP4 (moov at the end, as ffmpeg writes by default) of the test
   * pattern.
   */
  public static Path video(Path target, int width, int height, int seconds)
      throws IOException, InterruptedException {
    return ffmpeg(
        target,
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=" + width + "x" + height + ":rate=25",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440",
        "-t",
        Integer.toString(seconds),
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        target.toString());
  }

  /**
   * Like {@link #video} but black for the first {@code blackSeconds}, fading in after (a typical
   * opening).
   */
  public static Path fadingInVideo(
      Path target, int width, int height, int seconds, int blackSeconds)
      throws IOException, InterruptedException {
    return ffmpeg(
        target,
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=" + width + "x" + height + ":rate=25",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440",
        "-t",
        Integer.toString(seconds),
        "-vf",
        "fade=in:" + (blackSeconds * 25) + ":10",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        target.toString());
  }

  /**
   * A still picture of the test pattern; the format follows the extension (png, jpg, webp, tiff).
   */
  public static Path picture(Path target, int width, int height)
      throws IOException, InterruptedException {
    return ffmpeg(
        target,
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=" + width + "x" + height,
        "-frames:v",
        "1",
        target.toString());
  }

  /**
   * A stream copy of {@code source} tagged to be shown turned by 90° (a phone's portrait video).
   */
  public static Path rotated(Path source, Path target) throws IOException, InterruptedException {
    return ffmpeg(
        target,
        "-i",
        source.toString(),
        "-c",
        "copy",
        "-metadata:s:v:0",
        "rotate=90",
        target.toString());
  }

  public static Path png(Path target) throws IOException, InterruptedException {
    return ffmpeg(
        target, "-f", "lavfi", "-i", "testsrc2=size=64x64", "-frames:v", "1", target.toString());
  }

  /**
   * The mean SSIM ("All") of {@code rendition} against {@code reference} scaled to the rendition's
   * size, frame by frame, with ffmpeg's {@code ssim} filter.
   */
  public static double ssim(Path rendition, Path reference, int width, int height)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            FfmpegRunner.bundledExecutable().toString(),
            "-hide_banner",
            "-nostdin",
            "-i",
            rendition.toString(),
            "-i",
            reference.toString(),
            "-lavfi",
            "[1:v]scale="
                + width
                + ":"
                + height
                + ":flags=bicubic,format=yuv420p[ref];[0:v]format=yuv420p[out];"
                + "[out][ref]ssim",
            "-f",
            "null",
            "-");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("ffmpeg could not compare " + rendition + ":\n" + output);
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("SSIM .* All:([0-9.]+)").matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("no SSIM in ffmpeg's output:\n" + output);
    }
    return Double.parseDouble(m.group(1));
  }

  private static Path ffmpeg(Path target, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                FfmpegRunner.bundledExecutable().toString(),
                "-hide_banner",
                "-nostdin",
                "-v",
                "error",
                "-y"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("ffmpeg could not generate " + target);
    }
    return target;
  }

  /** The types of the top-level MP4 boxes, in file order. */
  public static List<String> topLevelAtoms(Path mp4) throws IOException {
    List<String> atoms = new ArrayList<>();
    try (InputStream in = Files.newInputStream(mp4)) {
      long size = Files.size(mp4);
      long position = 0;
      byte[] header = new byte[16];
      while (position + 8 <= size && atoms.size() < 100) {
        if (in.readNBytes(header, 0, 8) < 8) {
          break;
        }
        long boxSize = Integer.toUnsignedLong(ByteBuffer.wrap(header, 0, 4).getInt());
        String type = new String(header, 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
        long headerLength = 8;
        if (boxSize == 1) {
          in.readNBytes(header, 8, 8);
          boxSize = ByteBuffer.wrap(header, 8, 8).getLong();
          headerLength = 16;
        } else if (boxSize == 0) {
          boxSize = size - position;
        }
        atoms.add(type);
        if (boxSize < headerLength) {
          break;
        }
        in.skipNBytes(boxSize - headerLength);
        position += boxSize;
      }
    }
    return atoms;
  }
}
