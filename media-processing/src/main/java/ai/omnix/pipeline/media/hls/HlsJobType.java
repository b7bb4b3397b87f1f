package ai.omnix.pipeline.media.hls;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;
import ai.omnix.pipeline.core.job.type.ParamSpec;
import ai.omnix.pipeline.core.job.type.ParamsSchema;

/**
 * An adaptive HLS stream: H.264/AAC renditions on the 1080/720/480/360 ladder (only rungs no taller
 * than the source; a source below 360p gets one rung at its own height), cut into equal segments,
 * with one media playlist per rung and a master playlist, all stored under {@code hls/}. Heavy: one
 * decode feeds every rung's encoder.
 */
public final class HlsJobType {
  public static final String NAME = "hls";
  public static final String SEGMENT_S = "segment_s";
  public static final String MAX_HEIGHT = "max_height";
  private static final ParamsSchema SCHEMA =
      ParamsSchema.of(
          ParamSpec.integer(SEGMENT_S, 4, 6, false, "Segment length in seconds (default 6)."),
          ParamSpec.integer(
              MAX_HEIGHT,
              144,
              1080,
              false,
              "Leave out rungs taller than this (default 1080); rungs are never taller than the source."));

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Packages a video as adaptive HLS: H.264/AAC rungs of 1080p, 720p, 480p and 360p (never above the"
                  + " source), segment_s-second fragmented-MP4 segments, hls/<rung>/index.m3u8 per rung and hls/master.m3u8.")
          .queueClass(QueueClass.HEAVY)
          .params(SCHEMA)
          .inputs(JobInput.Kind.ASSET)
          .credits(20)
          .build();

  private HlsJobType() {}
}
