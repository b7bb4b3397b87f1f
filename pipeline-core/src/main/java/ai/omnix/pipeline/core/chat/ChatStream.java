package ai.omnix.pipeline.core.chat;

/** A reply being generated. */
public interface ChatStream {

  /**
   * Stops the generation at once: the upstream connection is closed (or the timer stopped) before
   * this returns, and the listener is called no more afterwards. Idempotent; any thread, also from
   * inside a listener callback.
   */
  void cancel();
}
