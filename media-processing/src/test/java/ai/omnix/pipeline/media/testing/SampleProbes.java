package ai.omnix.pipeline.media.testing;

/**
 * {@code ffmpeg -i} stderr as the bundled ffmpeg 4.4.1 writes it, for parser and handler unit
 * tests.
 */
public final class SampleProbes {
  private SampleProbes() {}

  public static String mp4(
      String path, String duration, int width, int height, double fps, boolean audio) {
    String fpsText = fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
    return "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '"
        + path
        + "':\n"
        + "  Metadata:\n"
        + "    major_brand     : isom\n"
        + "    minor_version   : 512\n"
        + "    compatible_brands: isomiso2avc1mp41\n"
        + "    encoder         : Lavf58.76.100\n"
        + "  Duration: "
        + duration
        + ", start: 0.000000, bitrate: 1840 kb/s\n"
        + "  Stream #0:0(und): Video: h264 (Constrained Baseline) (avc1 / 0x31637661), yuv420p, "
        + width
        + "x"
        + height
        + " [SAR 1:1 DAR 16:9], 1756 kb/s, "
        + fpsText
        + " fps, "
        + fpsText
        + " tbr, 12800 tbn, 50 tbc (default)\n"
        + "    Metadata:\n"
        + "      handler_name    : VideoHandler\n"
        + "      vendor_id       : [0][0][0][0]\n"
        + (audio
            ? "  Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 75 kb/s (default)\n"
                + "    Metadata:\n"
                + "      handler_name    : SoundHandler\n"
                + "      vendor_id       : [0][0][0][0]\n"
            : "")
        + "At least one output file must be specified\n";
  }

  public static String rotatedMp4(String path) {
    return "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '"
        + path
        + "':\n"
        + "  Metadata:\n"
        + "    major_brand     : isom\n"
        + "  Duration: 00:00:03.00, start: 0.000000, bitrate: 1840 kb/s\n"
        + "  Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709), 1920x1080, 8000 kb/s,"
        + " 29.97 fps, 29.97 tbr, 90k tbn, 59.94 tbc (default)\n"
        + "    Metadata:\n"
        + "      rotate          : 90\n"
        + "      handler_name    : VideoHandler\n"
        + "    Side data:\n"
        + "      displaymatrix: rotation of -90.00 degrees\n"
        + "  Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 128 kb/s (default)\n"
        + "At least one output file must be specified\n";
  }

  public static String png(String path) {
    return "Input #0, png_pipe, from '"
        + path
        + "':\n"
        + "  Duration: N/A, bitrate: N/A\n"
        + "  Stream #0:0: Video: png, rgb24(pc), 64x64 [SAR 1:1 DAR 1:1], 25 fps, 25 tbr, 25 tbn, 25 tbc\n"
        + "At least one output file must be specified\n";
  }

  public static String invalid(String path) {
    return path + ": Invalid data found when processing input\n";
  }
}
