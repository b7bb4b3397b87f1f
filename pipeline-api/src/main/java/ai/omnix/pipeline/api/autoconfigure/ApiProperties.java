package ai.omnix.pipeline.api.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * API settings ({@code omnix.api.*}).
 *
 * @param enabled whether this process serves the REST API (the api role)
 * @param maxJsonBodyBytes the largest JSON request body accepted
 * @param keyCache how long an authenticated key is remembered (a revoked key works at most this
 *     long)
 * @param bootstrapApiKey an admin key to install at start ({@code OMNIX_API_BOOTSTRAPAPIKEY});
 *     without it the first start on an empty store issues one and logs it
 * @param eventStreamsPerTenant job event streams (SSE) one tenant may hold open per API process
 * @param eventStreamBufferBytes bytes that may wait for an event stream's client before it is
 *     dropped as not reading
 */
@ConfigurationProperties("omnix.api")
public record ApiProperties(
    Boolean enabled,
    Long maxJsonBodyBytes,
    Duration keyCache,
    Duration admissionCountCache,
    String bootstrapApiKey,
    Integer eventStreamsPerTenant,
    Long eventStreamBufferBytes) {
  public ApiProperties {
    enabled = enabled == null || enabled;
    maxJsonBodyBytes = maxJsonBodyBytes == null ? 256 * 1024L : maxJsonBodyBytes;
    keyCache = keyCache == null ? Duration.ofSeconds(30) : keyCache;
    admissionCountCache = admissionCountCache == null ? Duration.ofSeconds(1) : admissionCountCache;
    eventStreamsPerTenant = eventStreamsPerTenant == null ? 100 : eventStreamsPerTenant;
    eventStreamBufferBytes = eventStreamBufferBytes == null ? 256 * 1024L : eventStreamBufferBytes;
  }
}
