package ai.omnix.pipeline.media.thumbnail;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;
import ai.omnix.pipeline.core.job.type.Violation;
import java.util.List;

/**
 * A video's poster ({@code poster.jpg}) or an image's thumbnails ({@code thumb-<w>.jpg}, {@code
 * thumb-<w>.webp}).
 *
 * <p>Queue class: {@link QueueClass#HEAVY}. The class is fixed per type at submission, before the
 * input is probed, so the worst case decides: for a video the smart poster decodes up to {@value
 * ThumbnailCommand#SMART_WINDOW_S} s of frames of up to the pixel limit, which is a transcode's
 * work per second, not a light job's. Image thumbnails pay for that by queueing with heavy jobs; a
 * separate light {@code image-thumbnail} type is the fix if that hurts.
 */
public final class ThumbnailJobType {
  public static final String NAME = "thumbnail";
  private static final ParamsSchema SCHEMA =
      ParamsSchema.of(
          ParamSpec.number(
              ThumbnailRequest.TIME_S,
              0,
              86_400,
              false,
              "Video: the second the poster shows. Default: a frame of the first seconds that is not black."),
          ParamSpec.integer(
              ThumbnailRequest.WIDTH,
              16,
              4096,
              false,
              "Video: the poster's largest width (default 1280); the aspect ratio is kept, never upscaled."),
          ParamSpec.integer(
              ThumbnailRequest.HEIGHT,
              16,
              4096,
              false,
              "Video: the poster's largest height (default 720); the aspect ratio is kept, never upscaled."),
          ParamSpec.string(
              ThumbnailRequest.SIZES,
              64,
              false,
              "Image: thumbnail widths, a comma list such as 160,320,640 (at most "
                  + ThumbnailRequest.MAX_SIZES
                  + ", each 16.."
                  + ThumbnailRequest.MAX_SIZE
                  + "); default 160,320,640. Never upscaled."),
          ParamSpec.string(
              ThumbnailRequest.FORMATS,
              16,
              false,
              "Image: jpeg, webp or jpeg,webp (default jpeg,webp)."));

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "For a video, a poster.jpg at time_s or at a non-black frame of the first seconds, within width x height;"
                  + " for an image (PNG, JPEG, WebP, TIFF), thumb-<w>.jpg / thumb-<w>.webp at the requested widths. Aspect"
                  + " ratio kept, never upscaled.")
          .queueClass(QueueClass.HEAVY)
          .params(SCHEMA)
          .inputs(JobInput.Kind.ASSET)
          .credits(1)
          .validatedBy(ThumbnailJobType::validate)
          .build();

  private ThumbnailJobType() {}

  private static List<Violation> validate(JobSubmission submission) {
    return ThumbnailRequest.violations(submission.params());
  }
}
