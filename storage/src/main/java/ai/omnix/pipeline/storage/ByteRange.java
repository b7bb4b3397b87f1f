package ai.omnix.pipeline.storage;

/**
 * The part of a blob that {@code BlobStore.open(key, offset, length)} asks for, validated once for
 * every backend.
 *
 * @param offset the first byte, zero or more
 * @param length how many bytes, or -1 for everything to the end
 */
public record ByteRange(long offset, long length) {

  public ByteRange {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0");
    }
    if (length < -1) {
      throw new IllegalArgumentException("length must be >= 0, or -1 for to the end");
    }
  }

  /** The whole blob. */
  public boolean isWhole() {
    return offset == 0 && length == -1;
  }

  public boolean isToEnd() {
    return length == -1;
  }

  public boolean isEmpty() {
    return length == 0;
  }

  /** The offset after the last byte, or {@link Long#MAX_VALUE} when the range runs to the end. */
  public long endExclusive() {
    return isToEnd() || offset > Long.MAX_VALUE - length ? Long.MAX_VALUE : offset + length;
  }

  /** The HTTP {@code Range} header value; not for an empty range. */
  public String httpRange() {
    if (isEmpty()) {
      throw new IllegalStateException("an empty range has no HTTP form");
    }
    return endExclusive() == Long.MAX_VALUE
        ? "bytes=" + offset + "-"
        : "bytes=" + offset + "-" + (endExclusive() - 1);
  }
}
