package ai.omnix.pipeline.media;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobHandler;

/**
 * The frame every media job runs in: a private workspace (deleted on every path), the input asset
 * copied into it (cancel checks, bounded by its recorded size), and a probe of it; then the
 * subclass's {@link #process}, which plans, builds ffmpeg's arguments and names the outputs, with
 * the duration guard, ffmpeg runs and output storage from {@link MediaRun}.
 */
public abstract class MediaJobHandler implements JobHandler {
  protected final MediaToolkit toolkit;

  protected MediaJobHandler(MediaToolkit toolkit) {
    this.toolkit = toolkit;
  }

  @Override
  public final JobResult handle(JobExecution execution) throws Exception {
    String assetId = execution.input().assetIds().get(0);
    try (MediaWorkspace workspace = MediaWorkspace.create(toolkit.workRoot())) {
      return process(MediaRun.start(execution, assetId, workspace, toolkit));
    }
  }

  /** Everything between the probed source and the result; the workspace is deleted afterwards. */
  protected abstract JobResult process(MediaRun run) throws Exception;
}
