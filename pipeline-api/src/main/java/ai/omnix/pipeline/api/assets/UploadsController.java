package ai.omnix.pipeline.api.assets;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.lifecycle.UploadRetention;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.upload.UploadInfo;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Resumable uploads with the tus 1.0 protocol (creation, HEAD for the offset, PATCH to append,
 * termination), owned by the tenant that created them. A finished upload becomes an asset with
 * {@code POST /v1/uploads/{id}/complete} (idempotent), which sniffs, hashes and moves it to the
 * blob store.
 */
@RestController
public class UploadsController {
  static final String BASE = "/v1/uploads";
  private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final TusFileUploadService tus;
  private final AssetIngest ingest;
  private final AssetRepository assets;
  private final UploadRetention retention;

  public UploadsController(
      TusFileUploadService tus,
      AssetIngest ingest,
      AssetRepository assets,
      UploadRetention retention) {
    this.tus = tus;
    this.ingest = ingest;
    this.assets = assets;
    this.retention = retention;
  }

  @RequestMapping(
      path = {BASE, BASE + "/{id}"},
      method = {
        RequestMethod.POST,
        RequestMethod.PATCH,
        RequestMethod.HEAD,
        RequestMethod.DELETE,
        RequestMethod.OPTIONS
      })
  public void tus(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    if ("POST".equals(request.getMethod()) && request.getRequestURI().equals(BASE)) {
      String length = request.getHeader("Upload-Length");
      if (length == null) {
        throw ApiProblem.badRequest(
            "upload_length_required",
            "Send Upload-Length when creating an upload (deferred length is not supported).");
      }
      try {
        ingest.checkDeclaredSize(tenant, Long.parseLong(length.trim()));
      } catch (NumberFormatException e) {
        throw ApiProblem.badRequest(
            "invalid_upload_length", "Upload-Length must be a whole number of bytes.");
      }
    }
    tus.process(request, response, tenant.id().value());
  }

  @PostMapping(path = BASE + "/{id}/complete", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> complete(
      HttpServletRequest request,
      @PathVariable String id,
      @RequestBody(required = false) Map<String, Object> body,
      @RequestHeader(name = "X-Content-SHA256", required = false) String checksum)
      throws IOException {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    if (!UPLOAD_ID.matcher(id).matches()) {
      throw ApiProblem.notFound("Upload " + id);
    }
    String sha256 = body != null && body.get("sha256") instanceof String s ? s : checksum;
    String uri = BASE + "/" + id;
    UploadInfo info;
    try {
      info = tus.getUploadInfo(uri, tenant.id().value());
    } catch (TusException e) {
      info = null;
    }
    if (info == null) {
      Optional<AssetRecord> done = assets.findByUpload(tenant.id(), id);
      return done.map(a -> ResponseEntity.ok(AssetJson.of(a)))
          .orElseThrow(() -> ApiProblem.notFound("Upload " + id));
    }
    if (info.isUploadInProgress()) {
      throw new ApiProblem(
          409,
          "upload_incomplete",
          "Upload incomplete",
          "The upload has "
              + info.getOffset()
              + " of "
              + info.getLength()
              + " bytes; send the rest with PATCH first.");
    }
    AssetRecord asset;
    try (InputStream in = tus.getUploadedBytes(uri, tenant.id().value())) {
      asset =
          ingest.ingest(
              tenant,
              in,
              info.getLength(),
              info.getFileName(),
              sha256,
              id,
              retention.decide(tenant, info.hasMetadata() ? info.getMetadata() : Map.of()));
    } catch (TusException e) {
      throw ApiProblem.notFound("Upload " + id);
    }
    try {
      tus.deleteUpload(uri, tenant.id().value());
    } catch (TusException e) {
      // already removed by a concurrent completion; the asset exists either way
    }
    return ResponseEntity.created(URI.create("/v1/assets/" + asset.id())).body(AssetJson.of(asset));
  }
}
