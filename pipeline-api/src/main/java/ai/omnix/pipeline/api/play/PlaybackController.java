package ai.omnix.pipeline.api.play;

import ai.omnix.pipeline.api.assets.BlobResponses;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves one job's output set under {@code /play/<token>/<path>} ({@link PlaybackTokens}), so that
 * the relative references of a playlist resolve to the job's other outputs on every storage
 * backend: the bytes are read through the {@link BlobStore} port, with byte ranges. No API key
 * needed, the token is the grant. Every refusal (bad, expired or forged token, a path in any other
 * spelling than the output's own, an output of another job or tenant, a type a player does not
 * fetch) is the same 404.
 */
@RestController
public class PlaybackController {
  static final String PREFIX = "/play/";

  private final PlaybackTokens tokens;
  private final AssetRepository assets;
  private final BlobStore blobs;

  public PlaybackController(PlaybackTokens tokens, AssetRepository assets, BlobStore blobs) {
    this.tokens = tokens;
    this.assets = assets;
    this.blobs = blobs;
  }

  @GetMapping("/play/{token}/**")
  public void play(
      HttpServletRequest request,
      @RequestHeader(name = "Range", required = false) String range,
      HttpServletResponse response)
      throws IOException {
    // the raw target, not Spring's decoded path variables: only the one spelling outputs have
    String target = request.getRequestURI().substring(request.getContextPath().length());
    if (!target.startsWith(PREFIX)) {
      throw notFound();
    }
    String rest = target.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      throw notFound();
    }
    PlaybackTokens.Grant grant =
        tokens.verify(rest.substring(0, slash)).orElseThrow(this::notFound);
    String name = PlaybackPaths.outputName(rest.substring(slash + 1)).orElseThrow(this::notFound);
    AssetRecord asset =
        assets.findOutput(grant.tenant(), grant.jobId(), name).orElseThrow(this::notFound);
    String type = PlaybackPaths.contentType(name).orElseThrow(this::notFound);
    response.setHeader("Cache-Control", "private, max-age=300");
    BlobResponses.stream(blobs, asset, range, response, type, null);
  }

  private ApiProblem notFound() {
    return new ApiProblem(
        404, "not_found", "Not found", "This playback link is invalid or has expired.");
  }
}
