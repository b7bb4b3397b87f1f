package ai.omnix.pipeline.chat.attachment;

import ai.omnix.pipeline.api.jobs.JobSubmissionService;
import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.chat.ChatPart;
import ai.omnix.pipeline.core.job.JobFailure;
import ai.omnix.pipeline.core.job.JobId;
import ai.omnix.pipeline.core.job.JobStatus;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.core.tenant.TenantId;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import ai.omnix.pipeline.store.job.JobQueries;
import ai.omnix.pipeline.store.job.JobRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a message's {@code asset_ids} into what the model reads: a document's text from its {@code
 * extract} job (an {@code ocr} job when it has no text layer, or for TIFF scans), page by page; an
 * image as an image part for a vision model. A finished extraction of the asset is reused; an
 * unfinished one is waited for; otherwise one is submitted as an ordinary job of the tenant
 * (admission, plan limits and billing's escrow apply as to any job) and waited for, up to {@code
 * waitTimeout}, by reading the job row. Workers run it: a chat-only process only submits and waits.
 *
 * <p>Refusals: an asset that is not the tenant's is 404 (as if it did not exist); a type that is
 * neither a document nor an image is 422 {@code unsupported_attachment}; an image for a model
 * without vision is 422 {@code model_lacks_vision}; a failed extraction is 422 {@code
 * attachment_failed} with the job's error code; an extraction still running at the deadline is 409
 * {@code attachment_not_ready} with the job's id (retry the message later).
 *
 * <p>The wait holds the request's thread (bounded by {@code waitTimeout}); the reply itself streams
 * without one.
 */
public final class ChatAttachments {
  static final String EXTRACT = "extract";
  static final String OCR = "ocr";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ChatAttachments.class);
  private static final Set<String> IMAGE_TYPES =
      Set.of("image/png", "image/jpeg", "image/webp", "image/gif");
  private static final Set<String> SCAN_TYPES = Set.of("image/tiff", "image/bmp");
  private static final long MAX_JSON_BYTES = 16L << 20;

  /** What this process holds attachments to. */
  public record Settings(
      Duration waitTimeout, Duration pollInterval, long maxImageBytes, long maxTextBytes) {}

  /** An image asset as the image part a vision model reads. */
  public record AttachedImage(String assetId, ChatPart.ImageUrl part) {}

  /** A message's attachments, in the order they were named. */
  public record Attached(List<AttachedDocument> documents, List<AttachedImage> images) {
    public boolean isEmpty() {
      return documents.isEmpty() && images.isEmpty();
    }
  }

  private final AssetRepository assets;
  private final JobQueries jobs;
  private final JdbcClient jdbc;
  private final Supplier<JobSubmissionService> submissions;
  private final Supplier<BlobStore> blobs;
  private final Settings settings;

  public ChatAttachments(
      AssetRepository assets,
      JobQueries jobs,
      JdbcClient jdbc,
      Supplier<JobSubmissionService> submissions,
      Supplier<BlobStore> blobs,
      Settings settings) {
    this.assets = assets;
    this.jobs = jobs;
    this.jdbc = jdbc;
    this.submissions = submissions;
    this.blobs = blobs;
    this.settings = settings;
  }

  enum Kind {
    DOCUMENT,
    SCAN,
    IMAGE
  }

  /** The kind of attachment a content type makes, or empty when it is none of them. */
  static Optional<Kind> kind(String contentType) {
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (IMAGE_TYPES.contains(type)) {
      return Optional.of(Kind.IMAGE);
    }
    if (SCAN_TYPES.contains(type)) {
      return Optional.of(Kind.SCAN);
    }
    if (type.equals("application/pdf")
        || type.startsWith("text/")
        || type.equals("application/rtf")
        || type.equals("application/msword")
        || type.startsWith("application/vnd.openxmlformats-officedocument.")
        || type.startsWith("application/vnd.oasis.opendocument.")
        || type.startsWith("application/vnd.ms-")
        || type.equals("application/xhtml+xml")
        || type.equals("message/rfc822")
        || type.equals("application/vnd.ms-outlook")) {
      return Optional.of(Kind.DOCUMENT);
    }
    return Optional.empty();
  }

  /**
   * Resolves every asset: checks them all first (ownership, type, vision), then gets each
   * document's text, waiting for extractions within one shared deadline.
   */
  public Attached resolve(Tenant tenant, List<String> assetIds, boolean vision, String modelId) {
    List<AssetRecord> records = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    for (String id : new LinkedHashSet<>(assetIds)) {
      AssetRecord asset =
          (id.length() > 64 ? Optional.<AssetRecord>empty() : assets.find(tenant.id(), id))
              .orElseThrow(
                  () ->
                      ApiProblem.notFound(
                          "Asset " + (id.length() > 64 ? id.substring(0, 64) : id)));
      Kind kind =
          kind(asset.contentType())
              .orElseThrow(
                  () ->
                      problem(
                          422,
                          "unsupported_attachment",
                          "Unsupported attachment",
                          asset.id(),
                          null,
                          "The asset "
                              + asset.id()
                              + " is "
                              + asset.contentType()
                              + "; a message may attach documents (PDF, Office, OpenDocument,"
                              + " HTML, RTF, text, e-mail), scans (TIFF) and images (PNG, JPEG,"
                              + " WebP, GIF)."));
      if (kind == Kind.IMAGE && !vision) {
        throw problem(
            422,
            "model_lacks_vision",
            "Model lacks vision",
            asset.id(),
            null,
            "The model '" + modelId + "' cannot read images; attach it to a vision model.");
      }
      if (kind == Kind.IMAGE && asset.size() > settings.maxImageBytes()) {
        throw problem(
            422,
            "attachment_too_large",
            "Attachment too large",
            asset.id(),
            null,
            "An attached image may be at most " + settings.maxImageBytes() + " bytes.");
      }
      records.add(asset);
      kinds.add(kind);
    }
    long deadline = System.nanoTime() + settings.waitTimeout().toNanos();
    List<AttachedDocument> documents = new ArrayList<>();
    List<AttachedImage> images = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      AssetRecord asset = records.get(i);
      switch (kinds.get(i)) {
        case IMAGE -> images.add(new AttachedImage(asset.id(), image(asset)));
        case SCAN -> documents.add(text(tenant, asset, OCR, deadline));
        case DOCUMENT -> {
          AttachedDocument extracted = text(tenant, asset, EXTRACT, deadline);
          boolean pdf = asset.contentType().toLowerCase(Locale.ROOT).startsWith("application/pdf");
          // a scanned PDF has no text layer: read it with OCR
          documents.add(
              pdf && extracted.isBlank() ? text(tenant, asset, OCR, deadline) : extracted);
        }
      }
    }
    return new Attached(documents, images);
  }

  /**
   * The documents attached to earlier messages of a conversation, so a follow-up question still
   * sees them: only those whose extraction has finished (nothing is submitted or waited for), and
   * none that is gone, is an image, or cannot be read (each left out silently).
   */
  public List<AttachedDocument> earlier(Tenant tenant, List<String> assetIds) {
    List<AttachedDocument> documents = new ArrayList<>();
    for (String id : assetIds) {
      try {
        AssetRecord asset = assets.find(tenant.id(), id).orElse(null);
        Kind kind = asset == null ? null : kind(asset.contentType()).orElse(null);
        if (kind == null || kind == Kind.IMAGE) {
          continue;
        }
        Optional<AttachedDocument> document =
            finished(tenant.id(), asset, kind == Kind.SCAN ? OCR : EXTRACT);
        if (kind == Kind.DOCUMENT && document.isPresent() && document.get().isBlank()) {
          document = finished(tenant.id(), asset, OCR);
        }
        document.ifPresent(documents::add);
      } catch (RuntimeException e) {
        log.warn("an earlier attachment {} of tenant {} is left out", id, tenant.id(), e);
      }
    }
    return documents;
  }

  private Optional<AttachedDocument> finished(TenantId tenant, AssetRecord asset, String type) {
    return latest(tenant, type, asset.id())
        .filter(job -> job.status() == JobStatus.SUCCEEDED)
        .map(job -> read(tenant, asset, type, job));
  }

  private ChatPart.ImageUrl image(AssetRecord asset) {
    byte[] bytes = read(asset, settings.maxImageBytes());
    String type = asset.contentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return new ChatPart.ImageUrl(
        "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes), null);
  }

  /**
   * The asset's text from a job of {@code type}: reused, waited for, or submitted and waited for.
   */
  private AttachedDocument text(Tenant tenant, AssetRecord asset, String type, long deadline) {
    JobRecord job = latest(tenant.id(), type, asset.id()).orElse(null);
    if (job == null
        || job.status() == JobStatus.CANCELED
        // a finished job whose text is gone (its outputs expired or were deleted) is run again
        || (job.status() == JobStatus.SUCCEEDED
            && assets.findOutput(tenant.id(), job.id().value(), "text.txt").isEmpty())
        || (job.status() == JobStatus.FAILED
            && job.failure() != null
            && job.failure().retryable())) {
      job = submit(tenant, type, asset.id(), job == null ? null : job.id());
    }
    while (!job.status().isTerminal()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw problem(
            409,
            "attachment_not_ready",
            "Attachment not ready",
            asset.id(),
            job.id().toString(),
            "The "
                + type
                + " job "
                + job.id()
                + " reading "
                + asset.id()
                + " has not finished yet; send the message again once it has"
                + " (GET /v1/jobs/"
                + job.id()
                + ").");
      }
      try {
        Thread.sleep(Math.max(1, Math.min(left / 1_000_000, settings.pollInterval().toMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for job " + job.id(), e);
      }
      JobId id = job.id();
      job =
          jobs.find(tenant.id(), id)
              .orElseThrow(() -> new IllegalStateException("job " + id + " vanished"));
    }
    if (job.status() != JobStatus.SUCCEEDED) {
      JobFailure failure = job.failure();
      String code = failure == null ? job.status().wireName() : failure.code();
      ApiProblem problem =
          problem(
              422,
              "attachment_failed",
              "Attachment could not be read",
              asset.id(),
              job.id().toString(),
              "The "
                  + type
                  + " job "
                  + job.id()
                  + " could not read "
                  + asset.id()
                  + " ("
                  + code
                  + (failure == null || failure.message() == null ? "" : ": " + failure.message())
                  + ").");
      problem.errors().get(0).put("job_error_code", code);
      throw problem;
    }
    return read(tenant.id(), asset, type, job);
  }

  /**
   * The job of {@code type} on the asset worth using: a succeeded one first, then one still running
   * or queued, then the newest that ended otherwise.
   */
  Optional<JobRecord> latest(TenantId tenant, String type, String assetId) {
    Optional<UUID> id =
        jdbc.sql(
                """
            select id from jobs where tenant_id = ? and type = ? and input ->> 'asset_id' = ?
            order by case status when 'succeeded' then 0 when 'queued' then 1 when 'running' then 1
              else 2 end, created_at desc
            limit 1""")
            .params(tenant.value(), type, assetId)
            .query(UUID.class)
            .optional();
    return id.flatMap(value -> jobs.find(tenant, new JobId(value)));
  }

  private JobRecord submit(Tenant tenant, String type, String assetId, JobId replacing) {
    JobSubmissionService submission = submissions.get();
    if (submission == null) {
      throw problem(
          422,
          "attachments_not_supported",
          "Attachments not supported here",
          assetId,
          null,
          "This server runs no document job types, so it cannot read attached documents.");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("input", Map.of("asset_id", assetId));
    body.put("params", OCR.equals(type) ? Map.of("searchable_pdf", false) : Map.of());
    body.put("metadata", Map.of("requested_by", "chat"));
    // concurrent messages attaching the same asset share one job; a retry after a failure is new
    String key =
        "chat-attachment:"
            + type
            + ":"
            + assetId
            + (replacing == null ? "" : ":after:" + replacing);
    return submission.submit(tenant, body, key).job();
  }

  private AttachedDocument read(TenantId tenant, AssetRecord asset, String type, JobRecord job) {
    UUID jobId = job.id().value();
    AssetRecord textAsset =
        assets
            .findOutput(tenant, jobId, "text.txt")
            .orElseThrow(
                () ->
                    problem(
                        422,
                        "attachment_failed",
                        "Attachment could not be read",
                        asset.id(),
                        job.id().toString(),
                        "The " + type + " job " + job.id() + " kept no text.txt (deleted?)."));
    String text = new String(read(textAsset, settings.maxTextBytes()), StandardCharsets.UTF_8);
    List<AttachedDocument.Page> pages = new ArrayList<>();
    if (EXTRACT.equals(type)) {
      Optional<AssetRecord> json = assets.findOutput(tenant, jobId, "document.json");
      if (json.isPresent() && json.get().size() <= MAX_JSON_BYTES) {
        Map<String, Object> document = map(read(json.get(), MAX_JSON_BYTES));
        if (document.get("pages") instanceof List<?> spans) {
          for (Object span : spans) {
            if (span instanceof Map<?, ?> s
                && s.get("page") instanceof Number page
                && s.get("start") instanceof Number start
                && s.get("end") instanceof Number end) {
              int from = Math.max(0, Math.min(text.length(), start.intValue()));
              int to = Math.max(from, Math.min(text.length(), end.intValue()));
              pages.add(new AttachedDocument.Page(page.intValue(), text.substring(from, to)));
            }
          }
        }
      }
    } else {
      Optional<AssetRecord> json = assets.findOutput(tenant, jobId, "ocr.json");
      if (json.isPresent() && json.get().size() <= MAX_JSON_BYTES) {
        Map<String, Object> document = map(read(json.get(), MAX_JSON_BYTES));
        if (document.get("pages") instanceof List<?> ocrPages) {
          for (Object p : ocrPages) {
            if (p instanceof Map<?, ?> page && page.get("page") instanceof Number number) {
              StringBuilder lines = new StringBuilder();
              if (page.get("lines") instanceof List<?> ls) {
                for (Object l : ls) {
                  if (l instanceof Map<?, ?> line && line.get("text") instanceof String t) {
                    lines.append(lines.isEmpty() ? "" : "\n").append(t);
                  }
                }
              }
              pages.add(new AttachedDocument.Page(number.intValue(), lines.toString()));
            }
          }
        }
      }
    }
    if (pages.isEmpty()) {
      pages.add(new AttachedDocument.Page(1, text));
    }
    return new AttachedDocument(asset.id(), asset.filename(), type, job.id().toString(), pages);
  }

  private byte[] read(AssetRecord asset, long max) {
    BlobStore store = blobs.get();
    if (store == null) {
      throw new IllegalStateException("no BlobStore in this process: cannot read " + asset.id());
    }
    try (InputStream in = store.open(asset.blobKey())) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max));
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("reading asset " + asset.id() + " failed", e);
    }
  }

  private static Map<String, Object> map(byte[] json) {
    return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
  }

  private static ApiProblem problem(
      int status, String code, String title, String assetId, String jobId, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("param", "asset_ids");
    error.put("asset_id", assetId);
    if (jobId != null) {
      error.put("job_id", jobId);
    }
    error.put("message", message);
    return new ApiProblem(status, code, title, message, List.of(error));
  }
}
