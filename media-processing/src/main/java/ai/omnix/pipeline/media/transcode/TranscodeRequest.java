package ai.omnix.pipeline.media.transcode;

import ai.omnix.pipeline.media.transcode.TranscodePreset.Container;
import java.util.Map;

/**
 * What the tenant asked for, with the preset's values filled in. The params were validated against
 * {@link TranscodeJobType}'s schema at submission.
 *
 * @param startSeconds null for no trim at the start
 * @param endSeconds null for no trim at the end
 */
public record TranscodeRequest(
    Container container,
    int height,
    int videoBitrateKbps,
    double fpsMax,
    Double startSeconds,
    Double endSeconds,
    boolean allowUpscale) {
  public static final String PRESET = "preset";
  public static final String CONTAINER = "container";
  public static final String HEIGHT = "height";
  public static final String VIDEO_BITRATE_KBPS = "video_bitrate_kbps";
  public static final String FPS_MAX = "fps_max";
  public static final String START_S = "start_s";
  public static final String END_S = "end_s";
  public static final String ALLOW_UPSCALE = "allow_upscale";

  public static TranscodeRequest fromParams(Map<String, Object> params) {
    TranscodePreset preset = params.get(PRESET) instanceof String name
        ? TranscodePreset.fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown preset " + name))
        : TranscodePreset.DEFAULT;
    Container container = params.get(CONTAINER) instanceof String c ? Container.fromWireName(c) : preset.container();
    int height = params.get(HEIGHT) instanceof Number n ? n.intValue() : preset.height();
    int bitrate = params.get(VIDEO_BITRATE_KBPS) instanceof Number n ? n.intValue() : preset.videoBitrateKbps();
    double fpsMax = params.get(FPS_MAX) instanceof Number n ? n.doubleValue() : preset.fpsMax();
    Double start = params.get(START_S) instanceof Number n && n.doubleValue() > 0 ? n.doubleValue() : null;
    Double end = params.get(END_S) instanceof Number n ? n.doubleValue() : null;
    boolean upscale = Boolean.TRUE.equals(params.get(ALLOW_UPSCALE));
    return new TranscodeRequest(container, height, bitrate, fpsMax, start, end, upscale);
  }
}
