package ai.omnix.pipeline.api.assets;

import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.storage.BlobKey;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.ContentSniffer;
import ai.omnix.pipeline.core.storage.HashingInputStream;
import ai.omnix.pipeline.core.storage.PipelinedHashingInputStream;
import ai.omnix.pipeline.core.tenant.Tenant;
import ai.omnix.pipeline.store.asset.AssetRecord;
import ai.omnix.pipeline.store.asset.AssetRepository;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;

/**
 * Turns an incoming byte stream into an asset: checks the declared size against the plan before
 * reading, sniffs the type from the first bytes, streams the rest to the blob store while counting
 * and hashing, and refuses (deleting what was written) when the size limit is passed or the
 * client's checksum does not match. The SHA-256 is computed on a hasher thread while the request
 * thread reads and writes ({@link PipelinedHashingInputStream}). Memory use is one sniff buffer and
 * a few hashing chunks, whatever the file size. Thread-safe.
 */
public final class AssetIngest {
  private static final Logger log = LoggerFactory.getLogger(AssetIngest.class);
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final int MAX_FILENAME = 255;

  private final BlobStore blobs;
  private final ContentSniffer sniffer;
  private final AssetRepository assets;
  private final UploadProperties limits;
  private final Executor hashers;

  /**
   * @param hashers runs one hashing task per upload while it streams; when it refuses one, that
   *     upload hashes on its own thread
   */
  public AssetIngest(
      BlobStore blobs,
      ContentSniffer sniffer,
      AssetRepository assets,
      UploadProperties limits,
      Executor hashers) {
    this.blobs = blobs;
    this.sniffer = sniffer;
    this.assets = assets;
    this.limits = limits;
    this.hashers = hashers;
  }

  /** Refuses a declared size over the plan's limit before a byte of the body is read. */
  public void checkDeclaredSize(Tenant tenant, long declaredLength) {
    long max = limits.maxBytes(tenant.plan());
    if (declaredLength > max) {
      throw tooLarge(tenant, max);
    }
  }

  public static String checkChecksum(String expectedSha256) {
    if (expectedSha256 == null || expectedSha256.isBlank()) {
      return null;
    }
    if (!SHA256_HEX.matcher(expectedSha256.trim()).matches()) {
      throw ApiProblem.badRequest(
          "invalid_checksum", "The checksum must be 64 hexadecimal characters (SHA-256).");
    }
    return expectedSha256.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Keeps a client's file name as metadata only: control characters and path parts removed, length
   * bounded.
   */
  static String cleanFilename(String filename) {
    if (filename == null) {
      return null;
    }
    String base = filename.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    base =
        base.codePoints()
            .filter(c -> !Character.isISOControl(c) && c != 0x202E && c != 0x202D)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString()
            .strip();
    if (base.isEmpty() || base.equals(".") || base.equals("..")) {
      return null;
    }
    return base.length() > MAX_FILENAME ? base.substring(0, MAX_FILENAME) : base;
  }

  public AssetRecord ingest(
      Tenant tenant,
      InputStream body,
      long declaredLength,
      String filename,
      String expectedSha256,
      String uploadId)
      throws IOException {
    checkDeclaredSize(tenant, declaredLength);
    String expected = checkChecksum(expectedSha256);
    String name = cleanFilename(filename);
    long max = limits.maxBytes(tenant.plan());

    BufferedInputStream in = new BufferedInputStream(body, sniffer.headLength() + 1);
    in.mark(sniffer.headLength() + 1);
    byte[] head = in.readNBytes(sniffer.headLength());
    in.reset();
    if (head.length == 0) {
      throw ApiProblem.badRequest("empty_upload", "The upload is empty.");
    }
    String type = sniffer.sniff(head, name);
    if (!limits.allows(tenant.plan(), type)) {
      throw new ApiProblem(
          415,
          "unsupported_content_type",
          "Unsupported content type",
          "The file's content is "
              + type
              + ", which the "
              + tenant.plan().wireName()
              + " plan does not accept (whatever its name or declared type).");
    }

    String id = AssetRepository.newId();
    BlobKey key = AssetRepository.blobKey(tenant.id(), id);
    PipelinedHashingInputStream counted = new PipelinedHashingInputStream(in, max, hashers);
    boolean keep = false;
    try {
      blobs.put(key, counted, declaredLength, type);
      String sha256 = counted.sha256Hex();
      if (expected != null && !expected.equals(sha256)) {
        throw new ApiProblem(
            400,
            "checksum_mismatch",
            "Checksum mismatch",
            "The SHA-256 of the received bytes is "
                + sha256
                + ", not "
                + expected
                + "; the upload was discarded.");
      }
      AssetRecord asset =
          assets.insert(
              new AssetRepository.NewAsset(
                  id,
                  tenant.id(),
                  key,
                  blobs.backend(),
                  name,
                  type,
                  counted.count(),
                  sha256,
                  null,
                  null,
                  uploadId,
                  Map.of()));
      keep = true;
      return asset;
    } catch (HashingInputStream.LimitExceededException e) {
      throw tooLarge(tenant, max);
    } catch (DuplicateKeyException e) {
      return assets.findByUpload(tenant.id(), uploadId).orElseThrow(() -> e);
    } finally {
      counted.close();
      if (!keep) {
        discard(key);
      }
    }
  }

  private void discard(BlobKey key) {
    try {
      if (blobs.delete(key)) {
        log.debug("discarded refused upload at {}", key);
      }
    } catch (IOException e) {
      log.warn("could not discard refused upload at {}", key, e);
    }
  }

  private static ApiProblem tooLarge(Tenant tenant, long max) {
    return new ApiProblem(
        413,
        "upload_too_large",
        "Upload too large",
        "The " + tenant.plan().wireName() + " plan accepts files up to " + max + " bytes.");
  }
}
