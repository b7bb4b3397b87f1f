package ai.omnix.pipeline.store.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API key format and hashing. Keys carry 256 random bits, so a plain SHA-256 is a safe stored form
 * (a slow password hash protects guessable secrets, which these are not) and allows lookup by hash
 * on every request.
 */
public final class ApiKeys {
  public static final String PREFIX = "omx_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String hash(String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The first characters, shown in listings so an operator can tell keys apart without seeing them.
   */
  public static String displayPrefix(String key) {
    return key.substring(0, Math.min(key.length(), PREFIX.length() + 6));
  }

  /** Keys are plausible when well-formed; anything else is refused before a database lookup. */
  public static boolean isPlausible(String key) {
    return key != null
        && key.startsWith(PREFIX)
        && key.length() >= 20
        && key.length() <= 200
        && key.chars().allMatch(c -> c > 32 && c < 127);
  }

  public static String newWebhookSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return "whsec_" + Base64.getEncoder().encodeToString(bytes);
  }
}
