package ai.omnix.pipeline.workers.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests per the Standard Webhooks specification: HMAC-SHA256 over {@code
 * id.timestamp.body} with the base64 key that follows the {@code whsec_} prefix, sent as {@code
 * webhook-signature: v1,<base64>}.
 */
public final class WebhookSigner {
  private static final String PREFIX = "whsec_";

  private WebhookSigner() {}

  public static String sign(String secret, String messageId, long timestampSeconds, String body) {
    String encodedKey = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(encodedKey), "HmacSHA256"));
      byte[] signature =
          mac.doFinal(
              (messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
