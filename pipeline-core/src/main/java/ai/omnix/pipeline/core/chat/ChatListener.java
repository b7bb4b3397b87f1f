package ai.omnix.pipeline.core.chat;

/**
 * Receives one reply as it is generated. Calls never overlap; they must return quickly and never
 * block (they run on the provider's I/O or timer threads): queue, do not wait.
 */
public interface ChatListener {

  /** The next piece of the reply. */
  void onDelta(ChatDelta delta);

  /** The reply ended normally; nothing follows. */
  void onComplete(ChatCompletion completion);

  /** The reply failed; nothing follows. */
  void onError(ChatProviderException error);
}
