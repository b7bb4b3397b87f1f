package ai.omnix.pipeline.storage.crypto;

import ai.omnix.pipeline.core.secret.SecretFiles;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key-encryption key that wraps every data key: 32 random bytes (AES-256-GCM), given in base64
 * by configuration or kept in a file. It never leaves the process and never touches the database.
 */
public final class MasterKey {
  static final int LENGTH = 32;

  private MasterKey() {}

  /**
   * @throws IllegalArgumentException when {@code base64} is not 32 bytes in base64
   */
  public static Aead fromBase64(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("master key is not base64", e);
    }
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "master key must be "
              + LENGTH
              + " bytes (base64 of 32 random bytes), not "
              + bytes.length);
    }
    try {
      return new AesGcmJce(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
    }
  }

  /** Reads a key file (base64, surrounding whitespace ignored). */
  public static Aead fromFile(Path file) throws IOException {
    return fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
  }

  /**
   * Reads the key file, or creates it with a new random key, readable by its owner only (0600), as
   * the embedded default does for its other secrets.
   */
  public static SecretFiles.Secret readOrCreate(Path file) throws IOException {
    return SecretFiles.readOrCreate(file, MasterKey::generateBase64);
  }

  /** 32 fresh random bytes in base64: a value for {@code omnix.storage.encryption.master-key}. */
  public static String generateBase64() {
    byte[] key = new byte[LENGTH];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
