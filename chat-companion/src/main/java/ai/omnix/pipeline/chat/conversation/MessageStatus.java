package ai.omnix.pipeline.chat.conversation;

import java.util.Locale;

/** Where a stored message stands. */
public enum MessageStatus {
  /** Written in full (every user message; a reply that ended normally). */
  COMPLETE,
  /** A reply being generated now. */
  STREAMING,
  /** A reply cut short because the client went away: what was generated is kept and billed. */
  PARTIAL,
  /** A reply the provider could not finish; what it generated before is kept. */
  FAILED,
  /** A reply whose process ended while it streamed (found later by the sweep). */
  INTERRUPTED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MessageStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
