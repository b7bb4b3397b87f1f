package ai.omnix.pipeline.core.storage;

/**
 * Decides a file's media type from its first bytes, never from what the client claims: a {@code
 * .pdf} that is really an executable is an executable. The file name is only a hint for formats the
 * bytes cannot tell apart (CSV and plain text, say). Thread-safe.
 */
public interface ContentSniffer {

  /**
   * How many leading bytes {@link #sniff} wants; passing more is allowed, fewer weakens detection.
   */
  int headLength();

  /**
   * @param head the first bytes of the file (fewer when the file is shorter)
   * @param filenameHint the client's file name, or null
   * @return a media type without parameters, {@code application/octet-stream} when nothing matched
   */
  String sniff(byte[] head, String filenameHint);
}
