package ai.omnix.pipeline.media.transcode;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;
import ai.omnix.pipeline.core.job.type.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a video as a web-ready MP4 (H.264/AAC, faststart) or WebM (VP9/Opus), from a preset or
 * explicit parameters, with an optional trim, crop (applied before scaling) and frame-rate cap.
 * Never upscales unless asked.
 */
public final class TranscodeJobType {
  public static final String NAME = "transcode";
  private static final ParamsSchema SCHEMA =
      ParamsSchema.of(
          ParamSpec.oneOf(
              TranscodeRequest.PRESET,
              TranscodePreset.wireNames(),
              false,
              "A preset; explicit parameters override its values. Default web-720p."),
          ParamSpec.oneOf(
              TranscodeRequest.CONTAINER,
              List.of("mp4", "webm"),
              false,
              "mp4 (H.264 + AAC, faststart) or webm (VP9 + Opus)."),
          ParamSpec.integer(
              TranscodeRequest.HEIGHT,
              144,
              2160,
              false,
              "Output height in pixels; the width keeps the aspect ratio."),
          ParamSpec.integer(
              TranscodeRequest.VIDEO_BITRATE_KBPS, 100, 20_000, false, "Target video bit rate."),
          ParamSpec.number(
              TranscodeRequest.FPS_MAX,
              1,
              120,
              false,
              "Frame-rate cap; lower source rates are kept."),
          ParamSpec.number(TranscodeRequest.START_S, 0, 86_400, false, "Trim: first second kept."),
          ParamSpec.number(
              TranscodeRequest.END_S, 0, 86_400, false, "Trim: second the output ends at."),
          ParamSpec.bool(
              TranscodeRequest.ALLOW_UPSCALE,
              false,
              "Allow an output taller than the source (default false: the source height is the limit)."),
          ParamSpec.integer(
              TranscodeRequest.CROP_WIDTH,
              1,
              TranscodeRequest.MAX_CROP,
              false,
              "Crop: width of the kept rectangle, even; with crop_height, crop_x and crop_y. Applied before scaling."),
          ParamSpec.integer(
              TranscodeRequest.CROP_HEIGHT,
              1,
              TranscodeRequest.MAX_CROP,
              false,
              "Crop: height of the kept rectangle, even."),
          ParamSpec.integer(
              TranscodeRequest.CROP_X,
              0,
              TranscodeRequest.MAX_CROP,
              false,
              "Crop: left edge of the kept rectangle in the upright source, even."),
          ParamSpec.integer(
              TranscodeRequest.CROP_Y,
              0,
              TranscodeRequest.MAX_CROP,
              false,
              "Crop: top edge of the kept rectangle in the upright source, even."));

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Transcodes a video to MP4 (H.264/AAC, faststart) or WebM (VP9/Opus) with presets web-720p, web-1080p,"
                  + " mobile-480p or explicit container, height, bit rate, frame-rate cap, trim and crop; stores rendition.<ext>.")
          .queueClass(QueueClass.HEAVY)
          .params(SCHEMA)
          .inputs(JobInput.Kind.ASSET)
          .credits(10)
          .validatedBy(TranscodeJobType::validate)
          .build();

  private TranscodeJobType() {}

  private static List<Violation> validate(JobSubmission submission) {
    List<Violation> violations = new ArrayList<>();
    Object start = submission.params().get(TranscodeRequest.START_S);
    Object end = submission.params().get(TranscodeRequest.END_S);
    if (end instanceof Number e) {
      double s = start instanceof Number n ? n.doubleValue() : 0;
      if (e.doubleValue() <= s) {
        violations.add(
            new Violation("params." + TranscodeRequest.END_S, "must be greater than start_s"));
      }
    }
    violations.addAll(TranscodeRequest.cropViolations(submission.params()));
    return violations;
  }
}
