package ai.omnix.pipeline.core.job;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job to run when its parent succeeds, on the parent's input asset ({@link Source#SOURCE}) or on
 * the parent's first output asset ({@link Source#OUTPUT}): one submit can then yield a transcode,
 * its poster and its storyboard. A follow-up can have follow-ups of its own.
 */
public record FollowUp(
    String type, Map<String, Object> params, Source input, List<FollowUp> followUps) {
  public static final int MAX_PER_JOB = 5;
  public static final int MAX_DEPTH = 3;
  public static final int MAX_TOTAL = 10;

  public enum Source {
    SOURCE,
    OUTPUT
  }

  public FollowUp {
    Objects.requireNonNull(type);
    params = params == null ? Map.of() : params;
    input = input == null ? Source.SOURCE : input;
    followUps = followUps == null ? List.of() : List.copyOf(followUps);
  }
}
