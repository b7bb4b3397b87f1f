package ai.omnix.pipeline.batch;

import ai.omnix.pipeline.core.job.handler.JobExecution;
import java.time.Duration;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * After each chunk: reports the pipeline job's progress from the items read so far (including those
 * committed by earlier, interrupted executions), stops the step at this chunk boundary when the
 * pipeline job was canceled, and pauses if the run is throttled.
 */
final class StepProgress implements ChunkListener<Object, Object>, StepExecutionListener {
  private final JobExecution pipelineJob;
  private final int stepIndex;
  private final int stepCount;
  private final String readCountKey;
  private final long expectedItems;
  private final Duration pause;
  private StepExecution step;
  private long readBefore;

  StepProgress(
      JobExecution pipelineJob,
      int stepIndex,
      int stepCount,
      String readerName,
      long expectedItems,
      Duration pause) {
    this.pipelineJob = pipelineJob;
    this.stepIndex = stepIndex;
    this.stepCount = Math.max(1, stepCount);
    this.readCountKey = readerName + ".read.count";
    this.expectedItems = expectedItems;
    this.pause = pause;
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    step = stepExecution;
    // a restarted step starts from the context its last committed chunk saved
    readBefore =
        stepExecution.getExecutionContext().get(readCountKey) instanceof Number n
            ? n.longValue()
            : 0;
  }

  @Override
  public void afterChunk(Chunk<Object> chunk) {
    if (step == null) {
      return;
    }
    if (pipelineJob.isCancelRequested()) {
      step.setTerminateOnly();
      return;
    }
    long read = readBefore + step.getReadCount();
    double within = expectedItems <= 0 ? 0 : Math.min(1.0, (double) read / expectedItems);
    pipelineJob.reportProgress(
        (int) Math.min(99, Math.floor((stepIndex + within) * 100.0 / stepCount)));
    if (!pause.isZero()) {
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        step.setTerminateOnly();
      }
    }
  }
}
