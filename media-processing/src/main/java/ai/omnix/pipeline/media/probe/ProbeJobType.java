package ai.omnix.pipeline.media.probe;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobSubmission;
import ai.omnix.pipeline.core.job.QueueClass;
import ai.omnix.pipeline.core.job.type.JobType;
import ai.omnix.pipeline.core.job.type.ParamsSchema;
import java.util.Set;

/** Reads an audio, video or image asset's facts: duration, container, streams, rotation. */
public final class ProbeJobType implements JobType {
  public static final String NAME = "probe";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Reads a media asset's duration, container, streams (codec, size, frame rate, bit rate, channels, sample"
        + " rate) and rotation from its headers; stores them as probe.json and returns them in the summary.";
  }

  @Override
  public QueueClass queueClass() {
    return QueueClass.LIGHT;
  }

  @Override
  public ParamsSchema paramsSchema() {
    return ParamsSchema.of();
  }

  @Override
  public Set<JobInput.Kind> acceptedInputs() {
    return Set.of(JobInput.Kind.ASSET);
  }

  @Override
  public long estimateCredits(JobSubmission submission) {
    return 1;
  }
}
