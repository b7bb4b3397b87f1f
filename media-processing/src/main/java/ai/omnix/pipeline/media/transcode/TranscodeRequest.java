package ai.omnix.pipeline.media.transcode;

import ai.omnix.pipeline.core.job.type.Violation;
import ai.omnix.pipeline.media.transcode.TranscodePreset.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the tenant asked for, with the preset's values filled in. The params were validated against
 * {@link TranscodeJobType}'s schema at submission.
 *
 * @param startSeconds null for no trim at the start
 * @param endSeconds null for no trim at the end
 * @param crop the rectangle of the (upright) source kept before scaling, or null to keep the whole
 *     picture
 */
public record TranscodeRequest(
    Container container,
    int height,
    int videoBitrateKbps,
    double fpsMax,
    Double startSeconds,
    Double endSeconds,
    boolean allowUpscale,
    Crop crop) {
  public static final String PRESET = "preset";
  public static final String CONTAINER = "container";
  public static final String HEIGHT = "height";
  public static final String VIDEO_BITRATE_KBPS = "video_bitrate_kbps";
  public static final String FPS_MAX = "fps_max";
  public static final String START_S = "start_s";
  public static final String END_S = "end_s";
  public static final String ALLOW_UPSCALE = "allow_upscale";
  public static final String CROP_WIDTH = "crop_width";
  public static final String CROP_HEIGHT = "crop_height";
  public static final String CROP_X = "crop_x";
  public static final String CROP_Y = "crop_y";

  /** The crop parameters, all given or none. */
  static final List<String> CROP_PARAMS = List.of(CROP_WIDTH, CROP_HEIGHT, CROP_X, CROP_Y);

  /** No crop value may exceed this: the largest side any source may have. */
  static final int MAX_CROP = 16_384;

  /**
   * A rectangle of the source as displayed (after rotation), in pixels from its top-left corner.
   * Every value is even, so the 4:2:0 chroma planes of H.264 and VP9 are cut on whole samples.
   */
  public record Crop(int width, int height, int x, int y) {
    public Crop {
      if (width < 2 || height < 2 || x < 0 || y < 0) {
        throw new IllegalArgumentException(
            "invalid crop " + width + "x" + height + "+" + x + "+" + y);
      }
    }

    /** ffmpeg's {@code crop} filter. */
    public String filter() {
      return "crop=" + width + ":" + height + ":" + x + ":" + y;
    }

    @Override
    public String toString() {
      return width + "x" + height + " at " + x + "," + y;
    }
  }

  public static TranscodeRequest fromParams(Map<String, Object> params) {
    TranscodePreset preset =
        params.get(PRESET) instanceof String name
            ? TranscodePreset.fromWireName(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown preset " + name))
            : TranscodePreset.DEFAULT;
    Container container =
        params.get(CONTAINER) instanceof String c ? Container.fromWireName(c) : preset.container();
    int height = params.get(HEIGHT) instanceof Number n ? n.intValue() : preset.height();
    int bitrate =
        params.get(VIDEO_BITRATE_KBPS) instanceof Number n
            ? n.intValue()
            : preset.videoBitrateKbps();
    double fpsMax = params.get(FPS_MAX) instanceof Number n ? n.doubleValue() : preset.fpsMax();
    Double start =
        params.get(START_S) instanceof Number n && n.doubleValue() > 0 ? n.doubleValue() : null;
    Double end = params.get(END_S) instanceof Number n ? n.doubleValue() : null;
    boolean upscale = Boolean.TRUE.equals(params.get(ALLOW_UPSCALE));
    Crop crop =
        params.get(CROP_WIDTH) instanceof Number w
                && params.get(CROP_HEIGHT) instanceof Number h
                && params.get(CROP_X) instanceof Number x
                && params.get(CROP_Y) instanceof Number y
            ? new Crop(w.intValue(), h.intValue(), x.intValue(), y.intValue())
            : null;
    return new TranscodeRequest(container, height, bitrate, fpsMax, start, end, upscale, crop);
  }

  /**
   * The checks of the crop parameters beyond the schema: all four or none, whole numbers, sizes
   * positive, offsets not negative, each even (4:2:0 chroma) and at most {@value #MAX_CROP}.
   */
  static List<Violation> cropViolations(Map<String, Object> params) {
    List<Violation> violations = new ArrayList<>();
    long given = CROP_PARAMS.stream().filter(params::containsKey).count();
    if (given == 0) {
      return violations;
    }
    if (given < CROP_PARAMS.size()) {
      for (String name : CROP_PARAMS) {
        if (!params.containsKey(name)) {
          violations.add(
              new Violation(
                  "params." + name, "crop_width, crop_height, crop_x and crop_y go together"));
        }
      }
      return violations;
    }
    for (String name : CROP_PARAMS) {
      Object value = params.get(name);
      boolean size = name.equals(CROP_WIDTH) || name.equals(CROP_HEIGHT);
      if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
        violations.add(new Violation("params." + name, "must be a whole number"));
      } else if (size ? n.longValue() < 1 : n.longValue() < 0) {
        violations.add(
            new Violation("params." + name, size ? "must be positive" : "must not be negative"));
      } else if (n.longValue() > MAX_CROP) {
        violations.add(new Violation("params." + name, "must be at most " + MAX_CROP));
      } else if (n.longValue() % 2 != 0) {
        violations.add(new Violation("params." + name, "must be even (4:2:0 chroma)"));
      }
    }
    return violations;
  }
}
