package ai.omnix.pipeline.document;

import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One attempt of a document job inside its {@link DocumentJobHandler} frame.
 *
 * @param assetId the input asset, the source of every output's lineage
 * @param input the input staged to a local file
 * @param deadline the job's time limit and cancel flag, for parsing loops
 * @param planLimits pages and pixels the job's plan allows
 */
public record DocumentRun(
    JobExecution execution,
    String assetId,
    StagedInput input,
    JobDeadline deadline,
    PlanLimits planLimits) {

  /** Stores a text output (UTF-8) derived from the input. */
  public JobAssets.OutputAsset writeText(String name, String text, String contentType)
      throws IOException {
    return DocumentOutputs.writeText(execution.assets(), name, assetId, text, contentType);
  }

  /** Stores bytes built in memory (an encoded image) as an output derived from the input. */
  public JobAssets.OutputAsset write(String name, byte[] content, String contentType)
      throws IOException {
    return execution
        .assets()
        .write(name, assetId, new ByteArrayInputStream(content), content.length, contentType);
  }

  /** Stores a local file as an output derived from the input. */
  public JobAssets.OutputAsset write(String name, Path file, String contentType)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return execution.assets().write(name, assetId, in, Files.size(file), contentType);
    }
  }
}
