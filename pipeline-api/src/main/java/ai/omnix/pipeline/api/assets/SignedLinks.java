package ai.omnix.pipeline.api.assets;

import ai.omnix.pipeline.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The API's own expiring download links, for backends that cannot presign (local disk): {@code
 * /files/<token>} where the token is {@code base64url(tenant:asset:expiry)} and an HMAC-SHA256 of
 * it. Anyone holding a link can download until it expires; nobody can forge or extend one without
 * the secret. Thread-safe.
 */
public final class SignedLinks {
  private final byte[] secret;
  private final Clock clock;

  public SignedLinks(byte[] secret, Clock clock) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("the link signing secret must have at least 16 bytes");
    }
    this.secret = secret.clone();
    this.clock = clock;
  }

  public record Link(String path, Instant expiresAt) {}

  public record Target(TenantId tenant, String assetId) {}

  public Link sign(TenantId tenant, String assetId, Duration ttl) {
    Instant expires = clock.instant().plus(ttl);
    String payload = tenant.value() + ":" + assetId + ":" + expires.getEpochSecond();
    String token = b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + b64(mac(payload));
    return new Link("/files/" + token, expires);
  }

  public Optional<Target> verify(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || token.length() > 512) {
      return Optional.empty();
    }
    try {
      String payload =
          new String(
              Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(given, mac(payload))) {
        return Optional.empty();
      }
      String[] parts = payload.split(":");
      if (parts.length != 3
          || Instant.ofEpochSecond(Long.parseLong(parts[2])).isBefore(clock.instant())
          || !TenantId.isValid(parts[0])) {
        return Optional.empty();
      }
      return Optional.of(new Target(new TenantId(parts[0]), parts[1]));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A key for another kind of link signed with the same secret ({@code HMAC(secret, purpose)}), so
   * that one secret serves every kind of link while a token of one kind never verifies as another.
   */
  public byte[] derivedKey(String purpose) {
    return mac("derived-key:" + purpose);
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
