package ai.omnix.pipeline.api.assets;

import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the API's own signed download links ({@link SignedLinks}); no API key needed, the link is
 * the grant.
 */
@RestController
public class FilesController {
  private final SignedLinks links;
  private final AssetRepository assets;
  private final BlobStore blobs;

  public FilesController(SignedLinks links, AssetRepository assets, BlobStore blobs) {
    this.links = links;
    this.assets = assets;
    this.blobs = blobs;
  }

  @GetMapping("/files/{token}")
  public void download(
      @PathVariable String token,
      @RequestHeader(name = "Range", required = false) String range,
      HttpServletResponse response)
      throws IOException {
    SignedLinks.Target target =
        links
            .verify(token)
            .orElseThrow(
                () ->
                    new ApiProblem(
                        404, "not_found", "Not found", "This link is invalid or has expired."));
    AssetRecord asset =
        assets
            .find(target.tenant(), target.assetId())
            .orElseThrow(
                () ->
                    new ApiProblem(
                        404, "not_found", "Not found", "This link is invalid or has expired."));
    BlobResponses.stream(blobs, asset, range, response);
  }
}
