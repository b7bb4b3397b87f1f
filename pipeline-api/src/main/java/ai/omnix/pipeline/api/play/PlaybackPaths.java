package ai.omnix.pipeline.api.play;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which output of a job a playback request names, and the type it is served as. Pure functions, no
 * I/O.
 *
 * <p>The path is taken from the raw request target and must already be in the only spelling job
 * outputs have (1–4 segments of {@code [A-Za-z0-9._-]}, none of them {@code .} or {@code ..}): a
 * percent-encoding, a backslash, a path parameter, an empty segment or a leading slash is refused
 * rather than decoded, so there is exactly one way to name each file and no way to leave the job's
 * output set.
 */
public final class PlaybackPaths {
  private static final Pattern OUTPUT_PATH =
      Pattern.compile(
          "[A-Za-z0-9_-][A-Za-z0-9._-]{0,100}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,100}){0,3}");

  /**
   * Types a player fetches, by extension. Anything else is not served from the playback origin,
   * whatever it was stored as.
   */
  private static final Map<String, String> TYPES =
      Map.of(
          "m3u8", "application/vnd.apple.mpegurl",
          "ts", "video/mp2t",
          "m4s", "video/mp4",
          "mp4", "video/mp4",
          "m4v", "video/mp4",
          "m4a", "audio/mp4",
          "aac", "audio/aac",
          "vtt", "text/vtt");

  private PlaybackPaths() {}

  /**
   * The output name {@code rawPath} names, or empty when it is not a spelling this API serves.
   *
   * @param rawPath the request target after {@code /play/<token>/}, not decoded, without query
   */
  public static Optional<String> outputName(String rawPath) {
    if (rawPath == null || rawPath.length() > 420 || !OUTPUT_PATH.matcher(rawPath).matches()) {
      return Optional.empty();
    }
    for (String segment : rawPath.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.empty();
      }
    }
    return contentType(rawPath).isPresent() ? Optional.of(rawPath) : Optional.empty();
  }

  /** The type a playback file is served as, by its extension; empty when it is not one. */
  public static Optional<String> contentType(String outputName) {
    int dot = outputName.lastIndexOf('.');
    int slash = outputName.lastIndexOf('/');
    if (dot <= slash + 1) {
      return Optional.empty();
    }
    return Optional.ofNullable(TYPES.get(outputName.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }
}
