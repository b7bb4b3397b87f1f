package ai.omnix.pipeline.api.play;

import ai.omnix.pipeline.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expiring grants to play one job's output set: {@code base64url("p1:" tenant:job:expiry)} and an
 * HMAC-SHA256 of it, used as the first segment of {@code /play/<token>/<path>}. Whoever holds the
 * token may read that job's outputs (and nothing else) until it expires; nobody can forge, extend
 * or retarget one without the key. The key is derived from the secret of the {@code /files/} links
 * ({@code SignedLinks#derivedKey}), so a download token never verifies here. Thread-safe.
 */
public final class PlaybackTokens {
  private static final String VERSION = "p1";
  private static final int MAX_TOKEN_LENGTH = 512;

  private final byte[] key;
  private final Clock clock;

  public PlaybackTokens(byte[] key, Clock clock) {
    if (key.length < 16) {
      throw new IllegalArgumentException("the playback signing key must have at least 16 bytes");
    }
    this.key = key.clone();
    this.clock = clock;
  }

  /** A token and when it stops working. */
  public record Token(String value, Instant expiresAt) {}

  /** What a valid token grants: reading the outputs of {@code jobId}, owned by {@code tenant}. */
  public record Grant(TenantId tenant, UUID jobId) {}

  public Token issue(TenantId tenant, UUID jobId, Duration ttl) {
    Instant expires = clock.instant().plus(ttl);
    String payload = VERSION + ":" + tenant.value() + ":" + jobId + ":" + expires.getEpochSecond();
    return new Token(
        b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + b64(mac(payload)), expires);
  }

  /** The grant of a token this class issued and that has not expired; empty for anything else. */
  public Optional<Grant> verify(String token) {
    if (token == null || token.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return Optional.empty();
    }
    try {
      byte[] payloadBytes = Base64.getUrlDecoder().decode(token.substring(0, dot));
      byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      String payload = new String(payloadBytes, StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(given, mac(payload))) {
        return Optional.empty();
      }
      String[] parts = payload.split(":", -1);
      if (parts.length != 4 || !parts[0].equals(VERSION) || !TenantId.isValid(parts[1])) {
        return Optional.empty();
      }
      Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[3]));
      if (!clock.instant().isBefore(expires)) {
        return Optional.empty();
      }
      return Optional.of(new Grant(new TenantId(parts[1]), UUID.fromString(parts[2])));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
