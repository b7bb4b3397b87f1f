package ai.omnix.pipeline.core.storage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The headers a download is served with, whoever serves it (the API itself, or a backend through a
 * presigned URL): always an attachment, with the stored file name encoded per RFC 6266, and a
 * content type that no browser runs. Types that are active in a browser (HTML, SVG, XML, scripts)
 * are served as {@code application/octet-stream}, so content uploaded by one user never runs on an
 * origin another user trusts, even where {@code X-Content-Type-Options: nosniff} cannot be set (S3
 * and GCS presigned responses can override only Content-Disposition and Content-Type).
 *
 * @param contentDisposition {@code attachment; filename="…"; filename*=UTF-8''…}
 * @param contentType a type safe to serve, without parameters
 */
public record DownloadHeaders(String contentDisposition, String contentType) {
  public static final String OCTET_STREAM = "application/octet-stream";
  private static final Pattern TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");
  private static final Set<String> ACTIVE =
      Set.of(
          "text/html",
          "application/xhtml+xml",
          "image/svg+xml",
          "text/xml",
          "application/xml",
          "text/xsl",
          "application/xslt+xml",
          "text/javascript",
          "application/javascript",
          "application/x-javascript",
          "text/ecmascript",
          "application/ecmascript",
          "application/x-shockwave-flash",
          "text/css",
          "multipart/x-mixed-replace",
          "text/vtt+html",
          "application/vnd.wap.xhtml+xml");

  /**
   * @param filename the stored (already cleaned) file name, or null to use {@code fallbackName}
   * @param contentType the stored content type, possibly with parameters
   */
  public static DownloadHeaders attachment(
      String filename, String fallbackName, String contentType) {
    return new DownloadHeaders(
        disposition(filename == null || filename.isBlank() ? fallbackName : filename),
        safeType(contentType));
  }

  /** {@code attachment} with an ASCII fallback name and the UTF-8 name (RFC 6266, RFC 8187). */
  static String disposition(String name) {
    String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return "attachment; filename=\""
        + ascii
        + "\"; filename*=UTF-8''"
        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The type without parameters, or {@code application/octet-stream} when active or malformed. */
  public static String safeType(String contentType) {
    if (contentType == null) {
      return OCTET_STREAM;
    }
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .strip()
            .toLowerCase(Locale.ROOT);
    if (!TYPE.matcher(type).matches() || ACTIVE.contains(type) || type.endsWith("+xml")) {
      return OCTET_STREAM;
    }
    return type;
  }
}
