package ai.omnix.pipeline.media;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What every media job handler runs on: the ffmpeg port, the prober, the hostile-input limits and
 * the directory under which each attempt gets its private workspace.
 */
public record MediaToolkit(MediaTool tool, MediaProber prober, MediaLimits limits, Path workRoot) {
  public MediaToolkit {
    Objects.requireNonNull(tool);
    Objects.requireNonNull(prober);
    Objects.requireNonNull(limits);
    Objects.requireNonNull(workRoot);
  }

  /** A toolkit whose prober runs on the same tool and limits. */
  public static MediaToolkit of(MediaTool tool, MediaLimits limits, Path workRoot) {
    return new MediaToolkit(tool, new MediaProber(tool, limits), limits, workRoot);
  }
}
