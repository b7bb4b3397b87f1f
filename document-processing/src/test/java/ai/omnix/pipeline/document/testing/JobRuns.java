package ai.omnix.pipeline.document.testing;

import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobHandler;
import ai.omnix.pipeline.testkit.jobs.TempDirJobAssets;
import ai.omnix.pipeline.testkit.jobs.TempDirJobExecution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a handler on one file through a temp-dir {@link TempDirJobExecution}; exposes outputs as
 * strings.
 */
public final class JobRuns {
  private final JobHandler handler;
  private final Path directory;

  public JobRuns(JobHandler handler, Path directory) {
    this.handler = handler;
    this.directory = directory;
  }

  public record Run(JobResult result, TempDirJobAssets assets, String inputAssetId) {
    public String output(String name) throws IOException {
      return Files.readString(assets.outputs().get(name).file(), StandardCharsets.UTF_8);
    }
  }

  public Run run(Path input) throws Exception {
    return run(input, Map.of());
  }

  public Run run(Path input, Map<String, Object> params) throws Exception {
    return run(input, params, execution -> {});
  }

  /** Runs after {@code before} has prepared the execution (for example, canceled it). */
  public Run run(Path input, Map<String, Object> params, Consumer<TempDirJobExecution> before)
      throws Exception {
    // each run its own output folder: runs in parallel threads must not overwrite each other's
    // text.txt
    TempDirJobAssets assets = new TempDirJobAssets(Files.createTempDirectory(directory, "run-"));
    String assetId = assets.addInput(input);
    TempDirJobExecution execution =
        new TempDirJobExecution(handler.type(), assetId, params, assets);
    before.accept(execution);
    return new Run(handler.handle(execution), assets, assetId);
  }
}
