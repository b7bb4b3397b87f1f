package ai.omnix.pipeline.api.assets;

import ai.omnix.pipeline.core.tenant.Plan;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Upload limits and download links ({@code omnix.uploads.*}).
 *
 * @param maxSize largest file per plan, e.g. {@code omnix.uploads.max-size.student=10MB}
 * @param allowedTypes media types each plan may upload; {@code image/*} style wildcards allowed
 * @param resumableDirectory where unfinished resumable (tus) uploads are kept
 * @param resumableExpiry how long an untouched unfinished upload is kept before it is cleaned up
 * @param linkTtl how long a download link is valid
 * @param signingSecret the key of the API's own download links (local storage); every API process
 *     needs the same one. Generated and kept in {@code <omnix.data-dir>/url-signing-secret} when
 *     not set
 */
@ConfigurationProperties("omnix.uploads")
public record UploadProperties(
    Map<Plan, DataSize> maxSize,
    Map<Plan, List<String>> allowedTypes,
    String resumableDirectory,
    Duration resumableExpiry,
    Duration linkTtl,
    String signingSecret) {

  static final List<String> DEFAULT_TYPES =
      List.of(
          "image/*",
          "video/*",
          "audio/*",
          "application/pdf",
          "text/plain",
          "text/csv",
          "text/html",
          "application/rtf",
          "message/rfc822",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "application/vnd.openxmlformats-officedocument.presentationml.presentation",
          "application/vnd.oasis.opendocument.text",
          "application/vnd.oasis.opendocument.spreadsheet",
          "application/vnd.oasis.opendocument.presentation",
          "application/msword",
          "application/vnd.ms-excel",
          "application/vnd.ms-powerpoint");

  private static final Map<Plan, DataSize> DEFAULT_SIZES =
      Map.of(
          Plan.FREE, DataSize.ofMegabytes(10),
          Plan.STUDENT, DataSize.ofMegabytes(10),
          Plan.PRO, DataSize.ofGigabytes(2),
          Plan.TEAM, DataSize.ofGigabytes(5),
          Plan.ENTERPRISE, DataSize.ofGigabytes(20));

  public UploadProperties {
    Map<Plan, DataSize> sizes = new EnumMap<>(DEFAULT_SIZES);
    if (maxSize != null) {
      sizes.putAll(maxSize);
    }
    maxSize = Map.copyOf(sizes);
    Map<Plan, List<String>> types = new EnumMap<>(Plan.class);
    for (Plan plan : Plan.values()) {
      types.put(plan, DEFAULT_TYPES);
    }
    if (allowedTypes != null) {
      types.putAll(allowedTypes);
    }
    allowedTypes = Map.copyOf(types);
    resumableExpiry = resumableExpiry == null ? Duration.ofHours(24) : resumableExpiry;
    linkTtl = linkTtl == null ? Duration.ofMinutes(15) : linkTtl;
  }

  public long maxBytes(Plan plan) {
    return maxSize.get(plan).toBytes();
  }

  public long largestMaxBytes() {
    return maxSize.values().stream().mapToLong(DataSize::toBytes).max().orElseThrow();
  }

  public boolean allows(Plan plan, String mediaType) {
    for (String pattern : allowedTypes.get(plan)) {
      if (pattern.equals(mediaType)
          || (pattern.endsWith("/*")
              && mediaType.startsWith(pattern.substring(0, pattern.length() - 1)))) {
        return true;
      }
    }
    return false;
  }
}
