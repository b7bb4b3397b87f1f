package ai.omnix.pipeline.generation.job;

import ai.omnix.pipeline.core.job.FollowUp;
import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;
import ai.omnix.pipeline.core.job.type.Violation;
import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.route.ModelRouter;
import ai.omnix.pipeline.generation.route.RoutingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code generate-image} and {@code generate-video}: a prompt (and optionally an input image) to
 * files in storage, through the {@link ModelRouter}. The routing is checked at submission, so an
 * unknown model or a budget no route fits is a 422, not a failed job. Queue class {@link
 * QueueClass#IO_BOUND}: the work happens at the provider, and a job waiting on it holds no worker.
 */
public final class GenerationJobType {
  public static final String IMAGE = "generate-image";
  public static final String VIDEO = "generate-video";
  private static final int MAX_IMAGES = 4;
  private static final int MAX_VIDEO_SECONDS = 20;

  private GenerationJobType() {}

  public static JobType image(ModelRouter router) {
    return of(IMAGE, false, router);
  }

  public static JobType video(ModelRouter router) {
    return of(VIDEO, true, router);
  }

  private static JobType of(String name, boolean video, ModelRouter router) {
    return JobTypeSpec.named(name)
        .description(
            video
                ? "A video (MP4) from a prompt, or from a prompt and an input image, by a catalog model or the cheapest one"
                    + " within max_credits; its poster and 720p rendition follow unless renditions=false."
                : "Images (PNG) from a prompt, or an edit of an input image, by a catalog model or the cheapest one within"
                    + " max_credits; outputs image-1.png, image-2.png, ...")
        .queueClass(QueueClass.IO_BOUND)
        .params(params(video))
        .inputs(JobInput.Kind.NONE, JobInput.Kind.ASSET)
        .maxAttempts(3)
        .credits(submission -> estimateCredits(router, video, submission))
        .validatedBy(submission -> validate(router, video, submission))
        .defaultFollowUps(submission -> defaultFollowUps(video, submission))
        .build();
  }

  private static ParamsSchema params(boolean video) {
    List<ParamSpec> params = new ArrayList<>(GenerationRequest.commonParams());
    if (video) {
      params.add(
          ParamSpec.integer(
              GenerationRequest.DURATION_S,
              1,
              MAX_VIDEO_SECONDS,
              false,
              "Length in seconds (default "
                  + GenerationRequest.DEFAULT_VIDEO_SECONDS
                  + "), within the model's limit."));
      params.add(
          ParamSpec.bool(
              GenerationRequest.RENDITIONS,
              false,
              "When no follow_ups are given: also make a"
                  + " poster (thumbnail) and a 720p web rendition (transcode) of the video. Default true."));
    } else {
      params.add(
          ParamSpec.integer(
              GenerationRequest.COUNT,
              1,
              MAX_IMAGES,
              false,
              "Images to make (default 1), within the model's limit."));
    }
    return ParamsSchema.of(params.toArray(ParamSpec[]::new));
  }

  private static Capability capability(boolean video, JobSubmission submission) {
    if (video) {
      return Capability.VIDEO;
    }
    return submission.input().kind() == JobInput.Kind.ASSET
        ? Capability.IMAGE_EDIT
        : Capability.IMAGE;
  }

  private static long estimateCredits(ModelRouter router, boolean video, JobSubmission submission) {
    try {
      return router.estimate(
          GenerationRequest.parse(capability(video, submission), submission.params()).spec());
    } catch (RoutingException e) {
      return 0; // validateFurther refused it already
    }
  }

  private static List<Violation> validate(
      ModelRouter router, boolean video, JobSubmission submission) {
    List<Violation> violations = new ArrayList<>(GenerationRequest.violations(submission.params()));
    if (violations.isEmpty()) {
      try {
        router.routes(
            GenerationRequest.parse(capability(video, submission), submission.params()).spec());
      } catch (RoutingException e) {
        violations.add(new Violation(e.field(), e.code() + ": " + e.getMessage()));
      }
    }
    return violations;
  }

  private static List<FollowUp> defaultFollowUps(boolean video, JobSubmission submission) {
    if (!video || Boolean.FALSE.equals(submission.params().get(GenerationRequest.RENDITIONS))) {
      return List.of();
    }
    return List.of(
        new FollowUp("thumbnail", Map.of(), FollowUp.Source.OUTPUT, List.of()),
        new FollowUp("transcode", Map.of("preset", "web-720p"), FollowUp.Source.OUTPUT, List.of()));
  }
}
