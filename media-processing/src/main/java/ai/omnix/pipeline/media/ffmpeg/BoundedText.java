package ai.omnix.pipeline.media.ffmpeg;

/**
 * Keeps the first {@code headLimit} characters of a text stream and the last {@code tailLimit};
 * what lies between is dropped. Thread-safe.
 */
final class BoundedText {
  private final int headLimit;
  private final int tailLimit;
  private final StringBuilder head = new StringBuilder();
  private final StringBuilder tail = new StringBuilder();
  private boolean overflowed;

  BoundedText(int headLimit, int tailLimit) {
    this.headLimit = headLimit;
    this.tailLimit = tailLimit;
  }

  synchronized void appendLine(String line) {
    String text = line + "\n";
    if (!overflowed && head.length() + text.length() <= headLimit) {
      head.append(text);
      return;
    }
    overflowed = true;
    tail.append(text);
    if (tail.length() > tailLimit * 2) {
      tail.delete(0, tail.length() - tailLimit);
    }
  }

  @Override
  public synchronized String toString() {
    if (!overflowed) {
      return head.toString();
    }
    String t =
        tail.length() > tailLimit ? tail.substring(tail.length() - tailLimit) : tail.toString();
    return head + "[…]\n" + t;
  }
}
