package ai.omnix.pipeline.generation.job;

import ai.omnix.pipeline.core.job.JobInput;
import ai.omnix.pipeline.core.job.JobResult;
import ai.omnix.pipeline.core.job.handler.JobAssets;
import ai.omnix.pipeline.core.job.handler.JobFailedException;
import ai.omnix.pipeline.core.provider.ProviderAttempt.Outcome;
import ai.omnix.pipeline.core.provider.ProviderAttemptLog;
import ai.omnix.pipeline.generation.catalog.ModelCatalog;
import ai.omnix.pipeline.generation.job.GenerationStep.Attempt;
import ai.omnix.pipeline.generation.provider.GeneratedMedia;
import ai.omnix.pipeline.generation.provider.GenerationProvider;
import ai.omnix.pipeline.generation.provider.GenerationProviders;
import ai.omnix.pipeline.generation.provider.ProviderResponse;
import ai.omnix.pipeline.providers.ProviderException;
import ai.omnix.pipeline.providers.ProviderException.Kind;
import ai.omnix.pipeline.providers.http.BoundedInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a generation job's provider work. {@link #adopt}: fetch the delivered files (bounded,
 * sniffed), store them as outputs, save them in the checkpoint, then bill the attempt, so a run
 * that dies after billing delivers the same outputs when re-run. {@link #abandonAll}: end every
 * other attempt, one last poll each, so a result that arrived meanwhile is recorded {@code
 * discarded} (we paid for it; the tenant does not) and one still running {@code abandoned} and
 * asked to stop.
 */
record ResultDelivery(
    GenerationProviders providers,
    ProviderAttemptLog attempts,
    ModelCatalog catalog,
    GenerationSettings settings) {
  private static final Logger log = LoggerFactory.getLogger(ResultDelivery.class);

  JobResult adopt(GenerationRun run, Attempt attempt, ProviderResponse.Completed completed)
      throws IOException {
    // Proves this run is still the job's (the save is guarded by the run id) before outputs are
    // written: a run the sweeper gave up on must not overwrite what a newer run delivered. A pause
    // between here and the writes can still do it.
    run.save();
    GenerationProvider provider = run.provider(providers, attempt.provider());
    JobInput input = run.execution.input();
    String source = input.kind() == JobInput.Kind.ASSET ? input.assetIds().get(0) : null;
    List<String> outputs = new ArrayList<>();
    List<GeneratedMedia> media = completed.media();
    long max = run.video ? settings.maxVideoBytes() : settings.maxImageBytes();
    for (int i = 0; i < media.size(); i++) {
      run.execution.throwIfCanceled();
      GeneratedMedia m = media.get(i);
      try (InputStream raw =
              m.data() != null ? new ByteArrayInputStream(m.data()) : provider.download(m);
          BufferedInputStream in =
              new BufferedInputStream(new BoundedInputStream(raw, max), 64 * 1024)) {
        MediaKind kind = MediaKind.sniff(in);
        if (kind == null || kind.video() != run.video) {
          throw new ProviderException(
              Kind.MALFORMED_RESPONSE,
              200,
              attempt.provider()
                  + " delivered a file that is not a "
                  + (run.video ? "video" : "PNG/JPEG/WebP image"));
        }
        String name =
            run.video ? "video." + kind.extension() : "image-" + (i + 1) + "." + kind.extension();
        JobAssets.OutputAsset out =
            run.execution.assets().write(name, source, in, -1, kind.contentType());
        outputs.add(out.id());
      } catch (ProviderException e) {
        attempts.finish(attempt.id(), Outcome.FAILED, 0, e.kind().code());
        run.checkpoint.pending.removeIf(p -> p.attemptId.equals(attempt.id()));
        run.save();
        throw new JobFailedException(
            e.kind().code(),
            "The provider's result could not be fetched or was not a"
                + " valid file; the job is retried while attempts remain.",
            true,
            e);
      } catch (IOException | UncheckedIOException e) {
        if (!BoundedInputStream.TooLargeException.in(e)) {
          throw e;
        }
        attempts.finish(attempt.id(), Outcome.FAILED, 0, "provider_output_too_large");
        run.save();
        throw new JobFailedException(
            "provider_output_too_large",
            "The provider delivered a file larger than " + (max >> 20) + " MiB.",
            false);
      }
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("model", attempt.model());
    summary.put("provider", attempt.provider());
    if (completed.requestId() != null) {
      summary.put("provider_request_id", completed.requestId());
    }
    summary.put("outputs", outputs.size());
    summary.put("synthetic", "offline".equals(attempt.provider()));
    GenerationCheckpoint cp = run.checkpoint;
    cp.adopted =
        new GenerationCheckpoint.Adopted(attempt.id(), outputs, attempt.credits(), summary);
    run.save();
    attempts.finish(
        attempt.id(),
        Outcome.SUCCEEDED,
        completed.costCredits() != null ? completed.costCredits() : attempt.credits(),
        null);
    abandonAll(run);
    run.save();
    return result(cp.adopted);
  }

  /** Ends every attempt still in the checkpoint; after an adoption, each gets a last poll. */
  void abandonAll(GenerationRun run) {
    GenerationCheckpoint cp = run.checkpoint;
    for (GenerationCheckpoint.Pending p : List.copyOf(cp.pending)) {
      GenerationProvider provider =
          providers.find(p.provider, run.request.capability()).orElse(null);
      boolean delivered = false;
      if (provider != null && cp.adopted != null) {
        try {
          delivered =
              provider.poll(run.toProvider(run.routeOf(catalog, p), null, null), p.operationId)
                  instanceof ProviderResponse.Completed;
        } catch (ProviderException | RuntimeException e) {
          delivered = false;
        }
      }
      if (provider != null && !delivered) {
        try {
          provider.cancel(run.toProvider(run.routeOf(catalog, p), null, null), p.operationId);
        } catch (ProviderException | RuntimeException e) {
          log.info(
              "attempt {}: could not cancel {} operation {}: {}",
              p.attemptId,
              p.provider,
              p.operationId,
              e.getMessage());
        }
      }
      attempts.finish(
          p.attemptId,
          delivered ? Outcome.SUCCEEDED : Outcome.ABANDONED,
          delivered ? p.credits : 0,
          null);
      cp.pending.remove(p);
    }
  }

  static JobResult result(GenerationCheckpoint.Adopted adopted) {
    return new JobResult(adopted.outputAssetIds(), adopted.summary(), adopted.credits());
  }
}
