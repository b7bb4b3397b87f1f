package ai.omnix.pipeline.api.assets;

import ai.omnix.pipeline.api.auth.ApiKeyAuthenticationFilter;
import ai.omnix.pipeline.api.lifecycle.AssetDeletion;
import ai.omnix.pipeline.api.lifecycle.UploadRetention;
import ai.omnix.pipeline.api.paging.LineageCursor;
import ai.omnix.pipeline.api.paging.PageCursor;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.job.JobRecord;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Assets: upload (multipart field {@code file}, or the raw body), metadata, content with ranges,
 * expiring download links, lineage, deletion. Multipart bodies are parsed as a stream: the file
 * part goes straight to the blob store.
 */
@RestController
public class AssetsController {
  private static final int MAX_FORM_FIELD = 1024;
  private static final int MAX_DERIVATIVES_LIMIT = 1000;

  private final AssetIngest ingest;
  private final AssetRepository assets;
  private final BlobStore blobs;
  private final SignedLinks links;
  private final UploadProperties properties;
  private final Clock clock;
  private final UploadRetention retention;
  private final AssetDeletion deletion;

  public AssetsController(
      AssetIngest ingest,
      AssetRepository assets,
      BlobStore blobs,
      SignedLinks links,
      UploadProperties properties,
      Clock clock,
      UploadRetention retention,
      AssetDeletion deletion) {
    this.clock = clock;
    this.retention = retention;
    this.deletion = deletion;
    this.ingest = ingest;
    this.assets = assets;
    this.blobs = blobs;
    this.links = links;
    this.properties = properties;
  }

  @PostMapping(path = "/v1/assets", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> upload(
      HttpServletRequest request,
      @RequestHeader(name = "X-Content-SHA256", required = false) String checksum)
      throws IOException {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    String contentType =
        request.getContentType() == null ? "" : request.getContentType().toLowerCase();
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      throw new ApiProblem(
          415,
          "unsupported_media_type",
          "Unsupported media type",
          "Upload as multipart/form-data (field 'file') or send the file itself as the body.");
    }
    ingest.checkDeclaredSize(tenant, request.getContentLengthLong());
    AssetRecord asset =
        JakartaServletFileUpload.isMultipartContent(request)
            ? multipart(tenant, request, checksum)
            : ingest.ingest(
                tenant,
                request.getInputStream(),
                request.getContentLengthLong(),
                queryParameter(request, "filename"),
                checksum,
                null,
                retention.decide(
                    tenant,
                    queryParameter(request, UploadRetention.RETENTION),
                    queryParameter(request, UploadRetention.EXPIRES_AT)));
    return ResponseEntity.created(URI.create("/v1/assets/" + asset.id())).body(AssetJson.of(asset));
  }

  private AssetRecord multipart(Tenant tenant, HttpServletRequest request, String checksum)
      throws IOException {
    String sha256 = checksum;
    Map<String, String> fields = new java.util.HashMap<>();
    try {
      FileItemInputIterator items = new JakartaServletFileUpload<>().getItemIterator(request);
      while (items.hasNext()) {
        FileItemInput item = items.next();
        if (item.isFormField()) {
          if ("sha256".equals(item.getFieldName())) {
            try (InputStream in = item.getInputStream()) {
              sha256 = new String(in.readNBytes(MAX_FORM_FIELD), StandardCharsets.US_ASCII).trim();
            }
          } else if (UploadRetention.RETENTION.equals(item.getFieldName())
              || UploadRetention.EXPIRES_AT.equals(item.getFieldName())) {
            try (InputStream in = item.getInputStream()) {
              fields.put(
                  item.getFieldName(),
                  new String(in.readNBytes(MAX_FORM_FIELD), StandardCharsets.UTF_8).trim());
            }
          }
          continue;
        }
        if ("file".equals(item.getFieldName())) {
          try (InputStream in = item.getInputStream()) {
            return ingest.ingest(
                tenant,
                in,
                -1,
                item.getName(),
                sha256,
                null,
                retention.decide(
                    tenant,
                    fields.get(UploadRetention.RETENTION),
                    fields.get(UploadRetention.EXPIRES_AT)));
          }
        }
      }
    } catch (FileUploadException e) {
      throw ApiProblem.badRequest(
          "malformed_multipart", "The multipart body could not be read: " + e.getMessage());
    }
    throw ApiProblem.badRequest("missing_file", "The multipart body has no part named 'file'.");
  }

  @GetMapping(path = "/v1/assets/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> get(HttpServletRequest request, @PathVariable String id) {
    return AssetJson.of(own(request, id));
  }

  @GetMapping(path = "/v1/assets", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> list(
      HttpServletRequest request,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false, defaultValue = "20") String limit) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    int pageSize;
    try {
      pageSize = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      pageSize = -1;
    }
    if (pageSize < 1 || pageSize > 100) {
      throw ApiProblem.badRequest("invalid_query", "limit must be an integer from 1 to 100.");
    }
    PageCursor position = cursor == null ? null : PageCursor.decode(cursor);
    List<AssetRecord> page =
        assets.list(
            tenant.id(),
            position == null ? null : position.createdAt(),
            position == null ? null : position.id(),
            pageSize + 1);
    boolean more = page.size() > pageSize;
    List<AssetRecord> shown = more ? page.subList(0, pageSize) : page;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", shown.stream().map(AssetJson::of).toList());
    body.put("has_more", more);
    AssetRecord last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
    body.put("next_cursor", more ? new PageCursor(last.createdAt(), last.id()).encode() : null);
    return body;
  }

  /**
   * The bytes: a redirect to the backend's presigned URL where it has one, else streamed here with
   * ranges.
   */
  @GetMapping("/v1/assets/{id}/content")
  public void content(
      HttpServletRequest request,
      HttpServletResponse response,
      @PathVariable String id,
      @RequestParam(required = false, defaultValue = "true") boolean redirect,
      @RequestHeader(name = "Range", required = false) String range)
      throws IOException {
    AssetRecord asset = own(request, id);
    if (redirect) {
      Optional<URI> presigned =
          blobs.presignedGet(asset.blobKey(), properties.linkTtl(), BlobResponses.headers(asset));
      if (presigned.isPresent()) {
        response.setStatus(302);
        response.setHeader("Location", presigned.get().toString());
        return;
      }
    }
    BlobResponses.stream(blobs, asset, range, response);
  }

  @GetMapping(path = "/v1/assets/{id}/download-url", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> downloadUrl(HttpServletRequest request, @PathVariable String id)
      throws IOException {
    AssetRecord asset = own(request, id);
    Optional<URI> presigned =
        blobs.presignedGet(asset.blobKey(), properties.linkTtl(), BlobResponses.headers(asset));
    Instant expires = clock.instant().plus(properties.linkTtl());
    String url;
    if (presigned.isPresent()) {
      url = presigned.get().toString();
    } else {
      SignedLinks.Link link = links.sign(asset.tenantId(), asset.id(), properties.linkTtl());
      url = baseUrl(request) + link.path();
      expires = link.expiresAt();
    }
    return Map.of("url", url, "expires_at", expires.toString());
  }

  /**
   * Every asset derived from this one, directly or not, nearest first (depth, then creation), a
   * page at a time: limit 1 to {@value #MAX_DERIVATIVES_LIMIT}, default 100.
   */
  @GetMapping(path = "/v1/assets/{id}/derivatives", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> derivatives(
      HttpServletRequest request,
      @PathVariable String id,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false, defaultValue = "100") String limit) {
    AssetRecord asset = own(request, id);
    int pageSize = parseLimit(limit, MAX_DERIVATIVES_LIMIT);
    LineageCursor position = cursor == null ? null : LineageCursor.decode(cursor);
    List<AssetRepository.Derivative> page =
        assets.derivatives(
            asset.tenantId(),
            asset.id(),
            position == null ? null : position.depth(),
            position == null ? null : position.createdAt(),
            position == null ? null : position.id(),
            pageSize + 1);
    boolean more = page.size() > pageSize;
    List<AssetRepository.Derivative> shown = more ? page.subList(0, pageSize) : page;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put(
        "data",
        shown.stream()
            .map(
                d -> {
                  Map<String, Object> wire = AssetJson.of(d.asset());
                  wire.put("depth", d.depth());
                  return wire;
                })
            .toList());
    body.put("has_more", more);
    AssetRepository.Derivative last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
    body.put(
        "next_cursor",
        more
            ? new LineageCursor(last.depth(), last.asset().createdAt(), last.asset().id()).encode()
            : null);
    return body;
  }

  private static int parseLimit(String limit, int max) {
    int n;
    try {
      n = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > max) {
      throw ApiProblem.badRequest(
          "invalid_query", "limit must be an integer from 1 to " + max + ".");
    }
    return n;
  }

  /**
   * Deletes an asset and every asset derived from it, bytes included: 204 when done inline, 202
   * with the {@code asset-deletion} job when the asset has more derivatives than the API deletes
   * inside a request (the asset itself is gone at once; its derivatives as the job proceeds).
   */
  @DeleteMapping("/v1/assets/{id}")
  public ResponseEntity<Map<String, Object>> delete(
      HttpServletRequest request, @PathVariable String id) {
    AssetRecord asset = own(request, id);
    Optional<JobRecord> job = deletion.delete(request, asset);
    if (job.isEmpty()) {
      return ResponseEntity.noContent().build();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "asset_deletion");
    body.put("asset_id", asset.id());
    body.put("job_id", job.get().id().toString());
    body.put("status", job.get().status().wireName());
    return ResponseEntity.accepted()
        .location(URI.create("/v1/jobs/" + job.get().id()))
        .contentType(MediaType.APPLICATION_JSON)
        .body(body);
  }

  private AssetRecord own(HttpServletRequest request, String id) {
    Tenant tenant = ApiKeyAuthenticationFilter.principal(request).tenant();
    if (id == null || id.length() > 64) {
      throw ApiProblem.notFound("Asset");
    }
    return assets.find(tenant.id(), id).orElseThrow(() -> ApiProblem.notFound("Asset " + id));
  }

  static String baseUrl(HttpServletRequest request) {
    return request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
  }

  private static String queryParameter(HttpServletRequest request, String name) {
    String query = request.getQueryString();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
