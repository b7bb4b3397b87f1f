package ai.omnix.pipeline.api.assets;

import ai.omnix.pipeline.api.problem.ApiProblem;
import ai.omnix.pipeline.core.storage.BlobStore;
import ai.omnix.pipeline.core.storage.DownloadHeaders;
import ai.omnix.pipeline.store.asset.AssetRecord;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams an asset's bytes to an HTTP response, honouring a single byte range (video players seek
 * with them).
 */
public final class BlobResponses {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private BlobResponses() {}

  static void stream(
      BlobStore blobs, AssetRecord asset, String rangeHeader, HttpServletResponse response)
      throws IOException {
    DownloadHeaders headers = headers(asset);
    stream(
        blobs, asset, rangeHeader, response, headers.contentType(), headers.contentDisposition());
  }

  /**
   * As a download, but with the caller's content type and disposition (none when null): for files a
   * player fetches inline.
   */
  public static void stream(
      BlobStore blobs,
      AssetRecord asset,
      String rangeHeader,
      HttpServletResponse response,
      String contentType,
      String contentDisposition)
      throws IOException {
    long size = asset.size();
    long start = 0;
    long end = size - 1;
    boolean partial = false;
    if (rangeHeader != null && !rangeHeader.contains(",")) {
      Matcher m = RANGE.matcher(rangeHeader.trim());
      if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
        try {
          if (m.group(1).isEmpty()) {
            start = Math.max(0, size - Long.parseLong(m.group(2)));
          } else {
            start = Long.parseLong(m.group(1));
            if (!m.group(2).isEmpty()) {
              end = Math.min(end, Long.parseLong(m.group(2)));
            }
          }
        } catch (NumberFormatException e) {
          start = size;
        }
        if (start >= size || start > end) {
          response.setHeader("Content-Range", "bytes */" + size);
          throw new ApiProblem(
              416,
              "range_not_satisfiable",
              "Range not satisfiable",
              "The asset has " + size + " bytes.");
        }
        partial = true;
      }
    }
    long length = end - start + 1;
    response.setHeader("Accept-Ranges", "bytes");
    response.setContentType(contentType);
    response.setContentLengthLong(length);
    response.setHeader("ETag", "\"" + asset.sha256() + "\"");
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (contentDisposition != null) {
      response.setHeader("Content-Disposition", contentDisposition);
    }
    if (partial) {
      response.setStatus(206);
      response.setHeader("Content-Range", "bytes " + start + "-" + end + "/" + size);
    }
    try (InputStream in =
        partial ? blobs.open(asset.blobKey(), start, length) : blobs.open(asset.blobKey())) {
      OutputStream out = response.getOutputStream();
      in.transferTo(out);
      out.flush();
    }
  }

  /**
   * Always an attachment (never rendered inline from our origin or a backend's), never an active
   * type: the same headers whether the API streams the bytes or a backend serves a presigned URL.
   */
  static DownloadHeaders headers(AssetRecord asset) {
    return DownloadHeaders.attachment(asset.filename(), asset.id(), asset.contentType());
  }
}
