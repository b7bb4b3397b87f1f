package ai.omnix.pipeline.core.chat;

/**
 * A chat model behind one provider: OpenAI, Anthropic, Google or the offline model. One
 * implementation per provider, named {@code <Tech>ChatProvider}; the chat companion picks the
 * provider of a model from its catalog and never talks to a provider any other way.
 *
 * <p><b>Contract</b> (every implementation passes the testkit's {@code ChatProviderContract}):
 *
 * <ul>
 *   <li><b>Thread safety.</b> Implementations are thread-safe; {@link #start} is called
 *       concurrently for unrelated conversations.
 *   <li><b>Never blocks the caller.</b> {@link #start} returns at once: connecting, waiting and
 *       reading happen on the provider's own threads (an HTTP client's selector, a shared timer),
 *       so no thread is held per stream.
 *   <li><b>Streaming.</b> The reply arrives as {@link ChatListener#onDelta} calls, in order, each
 *       with the number of tokens it holds. Calls to one listener never overlap and each one
 *       happens-before the next.
 *   <li><b>Usage at the end.</b> A reply that ends normally ends with exactly one {@link
 *       ChatListener#onComplete}, carrying the usage the provider reported (or, where it reports
 *       none, the prompt tokens it was sent and the tokens of the deltas it delivered).
 *   <li><b>Errors.</b> A failure ends the reply with exactly one {@link ChatListener#onError},
 *       classified by {@link ChatProviderException.Kind}. {@link
 *       ChatProviderException#canFailOver()} says whether the caller may try another endpoint: only
 *       a retryable kind (429, 5xx, timeout, connection, malformed answer) <i>before the first
 *       delta</i>. After a delta the caller must never switch silently: it ends the reply with an
 *       error and bills only what was delivered.
 *   <li><b>Cancel.</b> {@link ChatStream#cancel()} stops generation at once: it closes the upstream
 *       connection (or stops the offline model's timer) before it returns, and after it returns the
 *       listener is called no more. It is idempotent and may be called from any thread, including
 *       from inside a listener callback.
 *   <li><b>Keys.</b> A provider without its key is not constructed, so it never appears as a route;
 *       a key is never logged nor put in an exception message.
 * </ul>
 */
public interface ChatProvider {

  /** The provider's name as the catalog's endpoints spell it: {@code offline}, {@code openai}. */
  String name();

  /**
   * Starts generating a reply to {@code request}. Returns at once; the reply arrives at {@code
   * listener}.
   *
   * @return a handle whose {@link ChatStream#cancel()} stops the generation
   */
  ChatStream start(ChatRequest request, ChatListener listener);
}
