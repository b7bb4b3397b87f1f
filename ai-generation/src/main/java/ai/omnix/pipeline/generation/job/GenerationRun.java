package ai.omnix.pipeline.generation.job;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobExecution;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.generation.catalog.ModelCatalog;
import ai.omnix.pipeline.generation.provider.Capability;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.GenerationProviders;
import ai.omnix.pipeline.generation.provider.ProviderRequest;
import ai.omnix.pipeline.generation.route.Route;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * One run of a generation job as its I/O sees it: the execution, the request, the checkpoint that
 * is saved as it changes, and the input image, read once when a submit first needs it. Not
 * thread-safe: one run uses it.
 */
final class GenerationRun {
  final JobExecution execution;
  final GenerationRequest request;
  final GenerationCheckpoint checkpoint;
  final boolean video;
  private final long maxInputImageBytes;
  private ProviderRequest.InputImage inputImage;
  private boolean inputRead;

  GenerationRun(
      JobExecution execution,
      GenerationRequest request,
      GenerationCheckpoint checkpoint,
      long maxInputImageBytes) {
    this.execution = execution;
    this.request = request;
    this.checkpoint = checkpoint;
    this.video = request.capability() == Capability.VIDEO;
    this.maxInputImageBytes = maxInputImageBytes;
  }

  /** Saved at once and guarded by the run id: a stale run fails here instead of writing on. */
  void save() {
    execution.saveCheckpoint(checkpoint.toMap());
  }

  GenerationProvider provider(GenerationProviders providers, String name) {
    return providers
        .find(name, request.capability())
        .orElseThrow(() -> new IllegalStateException("no client of " + name + " here"));
  }

  /** The request for a provider attempt; the idempotency key is stable across its polls. */
  ProviderRequest toProvider(Route route, UUID attemptId, ProviderRequest.InputImage image) {
    return request.toProvider(
        route, image, attemptId == null ? null : execution.jobId() + ":" + attemptId);
  }

  /** The route an operation in flight was submitted to, as the catalog has it now. */
  Route routeOf(ModelCatalog catalog, GenerationCheckpoint.Pending p) {
    return catalog
        .model(p.model)
        .flatMap(
            m ->
                m.endpoints().stream()
                    .filter(e -> e.key().equals(p.routeKey))
                    .findFirst()
                    .map(e -> new Route(m, e, p.credits)))
        .orElseThrow(
            () ->
                new JobFailedException(
                    "model_removed",
                    "The model this job waits on was removed from the catalog.",
                    false));
  }

  /** The image to edit or animate, or null; PNG, JPEG or WebP within the size bound. */
  ProviderRequest.InputImage inputImage() throws IOException {
    if (inputRead) {
      return inputImage;
    }
    inputRead = true;
    if (execution.input().kind() != JobInput.Kind.ASSET) {
      return null;
    }
    String id = execution.input().assetIds().get(0);
    JobAssets.InputAsset asset = execution.assets().describe(id);
    String contentType = asset.contentType() == null ? "" : asset.contentType();
    if (!contentType.equals("image/png")
        && !contentType.equals("image/jpeg")
        && !contentType.equals("image/webp")) {
      throw new JobFailedException(
          "unsupported_input", "The input asset must be a PNG, JPEG or WebP image.", false);
    }
    if (asset.size() > maxInputImageBytes) {
      throw new JobFailedException(
          "input_too_large",
          "The input image is larger than " + (maxInputImageBytes >> 20) + " MiB.",
          false);
    }
    try (InputStream in = execution.assets().open(id)) {
      inputImage =
          new ProviderRequest.InputImage(in.readNBytes((int) maxInputImageBytes), contentType);
    }
    return inputImage;
  }
}
