package ai.omnix.pipeline.storage.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How an encrypted blob is laid out on its backend, and how its stored size maps to the plaintext
 * size that callers see.
 *
 * <p>An encrypted blob is a 16-byte header ({@link #MAGIC}, then the 8-byte id of the data key that
 * encrypted it) followed by one Tink streaming AEAD ciphertext ({@code AES256_GCM_HKDF_1MB}: a
 * 40-byte header, then 1 MiB segments each ending in a 16-byte GCM tag). Its stored content type
 * carries {@link #TYPE_MARKER}, the per-object flag: a blob without it was written before
 * encryption (or by a store without it) and is served as it is, so old blobs stay readable. The
 * flag lives in the content type because every backend keeps that beside the object and returns it
 * from {@code head} and {@code list} for free, where a flag inside the bytes would cost a read per
 * listed blob.
 */
public final class EncryptedBlobFormat {
  /** {@code OMXENC} and a format version. */
  static final byte[] MAGIC = "OMXENC\u0000\u0001".getBytes(StandardCharsets.ISO_8859_1);

  /** Magic plus key id. */
  public static final int HEADER_LENGTH = MAGIC.length + Long.BYTES;

  /** Appended to the stored content type of every encrypted blob, and removed on the way out. */
  public static final String TYPE_MARKER = "; x-omnix-encrypted=tink1";

  // AES256_GCM_HKDF_1MB: ciphertext segments of 1 MiB, a header of 1 + 32 (salt) + 7 (nonce
  // prefix) bytes before the first segment's data, a 16-byte tag per segment
  static final int SEGMENT = 1 << 20;
  static final int TINK_HEADER = 1 + 32 + 7;
  static final int TAG = 16;
  static final int PLAIN_SEGMENT = SEGMENT - TAG;

  private EncryptedBlobFormat() {}

  /** The stored size of an encrypted blob of {@code plaintext} bytes. */
  public static long storedSize(long plaintext) {
    if (plaintext < 0) {
      throw new IllegalArgumentException("size must be >= 0");
    }
    long withHeader = plaintext + TINK_HEADER;
    long full = withHeader / PLAIN_SEGMENT;
    long last = withHeader % PLAIN_SEGMENT;
    return HEADER_LENGTH + full * SEGMENT + (last > 0 ? last + TAG : 0);
  }

  /**
   * The plaintext size of an encrypted blob stored in {@code stored} bytes; -1 when no plaintext
   * size gives that stored size (a truncated or foreign object).
   */
  public static long plaintextSize(long stored) {
    long ciphertext = stored - HEADER_LENGTH;
    if (ciphertext < TINK_HEADER + TAG) {
      return -1;
    }
    long full = ciphertext / SEGMENT;
    long rest = ciphertext % SEGMENT;
    if (rest > 0 && rest <= TAG) {
      return -1;
    }
    long plaintext = full * PLAIN_SEGMENT + (rest > 0 ? rest - TAG : 0) - TINK_HEADER;
    return plaintext < 0 ? -1 : plaintext;
  }

  static boolean isEncryptedType(String storedType) {
    return storedType != null && storedType.endsWith(TYPE_MARKER);
  }

  static String plainType(String storedType) {
    return isEncryptedType(storedType)
        ? storedType.substring(0, storedType.length() - TYPE_MARKER.length())
        : storedType;
  }

  static byte[] header(long keyId) {
    return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).putLong(keyId).array();
  }

  /** The key id of a header read from a blob. */
  static long keyIdOf(byte[] header) throws IOException {
    if (header.length != HEADER_LENGTH
        || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IOException("encrypted blob has no valid header (truncated or foreign object)");
    }
    return ByteBuffer.wrap(header, MAGIC.length, Long.BYTES).getLong();
  }
}
