package ai.omnix.pipeline.media.probe;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.JobTypeSpec;

/** Reads an audio, video or image asset's facts: duration, container, streams, rotation. */
public final class ProbeJobType {
  public static final String NAME = "probe";

  public static final JobType TYPE =
      JobTypeSpec.named(NAME)
          .description(
              "Reads a media asset's duration, container, streams (codec, size, frame rate, bit rate, channels, sample"
                  + " rate) and rotation from its headers; stores them as probe.json and returns them in the summary.")
          .queueClass(QueueClass.LIGHT)
          .inputs(JobInput.Kind.ASSET)
          .credits(1)
          .build();

  private ProbeJobType() {}
}
