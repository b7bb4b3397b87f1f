package ai.omnix.pipeline.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the stream summary that {@code ffmpeg -i file} writes to stderr (the same text JAVE's
 * {@code MultimediaObject} parses, read here with bounds and without JAVE's unbounded process
 * handling). Only the first input is read; at most {@value #MAX_STREAMS} streams are kept.
 */
public final class FfmpegInfoParser {
  static final int MAX_STREAMS = 64;
  private static final Pattern INPUT = Pattern.compile("^Input #0, (.+?), from '.*':\\s*$");
  private static final Pattern DURATION =
      Pattern.compile(
          "^\\s*Duration: (?:(\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)|N/A)(?:, start: [^,]+)?, bitrate: (?:(\\d+) kb/s|N/A)");
  private static final Pattern STREAM =
      Pattern.compile(
          "^\\s*Stream #0:(\\d+)(?:\\[0x[0-9a-fA-F]+])?(?:\\([^)]*\\))?: (Video|Audio|Subtitle|Data|Attachment): (.*)$");
  private static final Pattern SIZE = Pattern.compile(", (\\d{1,9})x(\\d{1,9})(?=[ ,]|$)");
  private static final Pattern FPS = Pattern.compile(", (\\d+(?:\\.\\d+)?)(k?) fps");
  private static final Pattern TBR = Pattern.compile(", (\\d+(?:\\.\\d+)?)(k?) tbr");
  private static final Pattern KBPS = Pattern.compile(", (\\d+) kb/s");
  private static final Pattern AUDIO = Pattern.compile(", (\\d+) Hz, ([^,]+)");
  private static final Pattern ROTATE_TAG = Pattern.compile("^\\s*rotate\\s*:\\s*(-?\\d+)\\s*$");
  private static final Pattern DISPLAY_MATRIX =
      Pattern.compile("^\\s*displaymatrix: rotation of (-?\\d+(?:\\.\\d+)?) degrees");
  private static final Pattern MAJOR_BRAND = Pattern.compile("^\\s*major_brand\\s*:\\s*(\\S+)");
  private static final Pattern CHANNELS = Pattern.compile("(\\d+) channels");
  private static final Set<String> WEBM_CODECS =
      Set.of("vp8", "vp9", "av1", "opus", "vorbis", "webvtt");

  private FfmpegInfoParser() {}

  /** Empty when ffmpeg did not recognise the input. */
  public static Optional<MediaInfo> parse(String stderr) {
    String formats = null;
    Double duration = null;
    Integer bitRate = null;
    String majorBrand = null;
    boolean sawDuration = false;
    List<StreamBuilder> streams = new ArrayList<>();
    StreamBuilder current = null;
    for (String line : stderr.split("\n")) {
      if (formats == null) {
        Matcher m = INPUT.matcher(line);
        if (m.matches()) {
          formats = m.group(1);
        }
        continue;
      }
      if (line.startsWith("[")) {
        continue; // a demuxer's or decoder's log line
      }
      if (!line.startsWith(" ")) {
        break; // a second input, an output, or the end of the summary
      }
      Matcher m;
      if (!sawDuration && (m = DURATION.matcher(line)).find()) {
        sawDuration = true;
        if (m.group(1) != null) {
          duration =
              Integer.parseInt(m.group(1)) * 3600.0
                  + Integer.parseInt(m.group(2)) * 60.0
                  + Double.parseDouble(m.group(3));
        }
        bitRate = m.group(4) == null ? null : parseIntOrNull(m.group(4));
      } else if ((m = STREAM.matcher(line)).matches()) {
        if (streams.size() >= MAX_STREAMS) {
          current = null;
          continue;
        }
        current =
            stream(Integer.parseInt(m.group(1)), m.group(2).toLowerCase(Locale.ROOT), m.group(3));
        streams.add(current);
      } else if (current == null && majorBrand == null && (m = MAJOR_BRAND.matcher(line)).find()) {
        majorBrand = m.group(1);
      } else if (current != null && (m = ROTATE_TAG.matcher(line)).matches()) {
        current.rotation = normalize(Integer.parseInt(m.group(1)));
      } else if (current != null
          && current.rotation == null
          && (m = DISPLAY_MATRIX.matcher(line)).find()) {
        // The display matrix states a counter-clockwise angle; we report the clockwise turn, like
        // the rotate tag.
        current.rotation = normalize(-(int) Math.round(Double.parseDouble(m.group(1))));
      }
    }
    if (formats == null) {
      return Optional.empty();
    }
    List<MediaInfo.Stream> built = streams.stream().map(StreamBuilder::build).toList();
    return Optional.of(
        new MediaInfo(container(formats, majorBrand, built), formats, duration, bitRate, built));
  }

  private static StreamBuilder stream(int index, String type, String rest) {
    StreamBuilder s = new StreamBuilder(index, type);
    int cut = indexOfAny(rest, ' ', ',');
    s.codec = cut < 0 ? rest : rest.substring(0, cut);
    Matcher m;
    if ((m = KBPS.matcher(rest)).find()) {
      s.bitRate = parseIntOrNull(m.group(1));
    }
    if ("video".equals(type)) {
      if ((m = SIZE.matcher(rest)).find()) {
        s.width = parseIntOrNull(m.group(1));
        s.height = parseIntOrNull(m.group(2));
      }
      if ((m = FPS.matcher(rest)).find() || (m = TBR.matcher(rest)).find()) {
        double f = Double.parseDouble(m.group(1)) * (m.group(2).isEmpty() ? 1 : 1000);
        s.frameRate = Math.round(f * 1000) / 1000.0;
      }
    } else if ("audio".equals(type) && (m = AUDIO.matcher(rest)).find()) {
      s.sampleRate = parseIntOrNull(m.group(1));
      s.channels = channels(m.group(2).trim());
    }
    return s;
  }

  static Integer channels(String layout) {
    Matcher m = CHANNELS.matcher(layout);
    if (m.find()) {
      return parseIntOrNull(m.group(1));
    }
    String base = layout.replaceAll("\\(.*\\)", "");
    return switch (base) {
      case "mono" -> 1;
      case "stereo", "downmix" -> 2;
      case "2.1", "3.0" -> 3;
      case "quad", "4.0", "3.1" -> 4;
      case "5.0", "4.1" -> 5;
      case "5.1", "6.0", "hexagonal" -> 6;
      case "6.1", "7.0" -> 7;
      case "7.1", "octagonal" -> 8;
      default -> null;
    };
  }

  private static String container(
      String formats, String majorBrand, List<MediaInfo.Stream> streams) {
    if (formats.startsWith("mov,mp4")) {
      return majorBrand != null && majorBrand.startsWith("qt") ? "mov" : "mp4";
    }
    if (formats.startsWith("matroska,webm")) {
      boolean webm =
          !streams.isEmpty() && streams.stream().allMatch(s -> WEBM_CODECS.contains(s.codec()));
      return webm ? "webm" : "mkv";
    }
    if (formats.endsWith("_pipe")) {
      return formats.substring(0, formats.length() - "_pipe".length());
    }
    int comma = formats.indexOf(',');
    return comma < 0 ? formats : formats.substring(0, comma);
  }

  private static int normalize(int degrees) {
    return ((degrees % 360) + 360) % 360;
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == a || s.charAt(i) == b) {
        return i;
      }
    }
    return -1;
  }

  private static Integer parseIntOrNull(String digits) {
    try {
      return Integer.valueOf(digits);
    } catch (NumberFormatException e) {
      return null; // more digits than an int holds: treat as unknown
    }
  }

  private static final class StreamBuilder {
    final int index;
    final String type;
    String codec;
    Integer width;
    Integer height;
    Double frameRate;
    Integer bitRate;
    Integer channels;
    Integer sampleRate;
    Integer rotation;

    StreamBuilder(int index, String type) {
      this.index = index;
      this.type = type;
    }

    MediaInfo.Stream build() {
      return new MediaInfo.Stream(
          index,
          type,
          codec,
          width,
          height,
          frameRate,
          bitRate,
          channels,
          sampleRate,
          "video".equals(type) ? (rotation == null ? 0 : rotation) : null);
    }
  }
}
